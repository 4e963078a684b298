fadd s0, s1, s2
fsub s0, s1, s2
fmul s0, s1, s2
fdiv s0, s1, s2
fmadd s0, s1, s2, s3
fabs s0, s1
fneg s0, s1
fmax s0, s1, s2
fmin s0, s1, s2
ldr s0, [x1]
str s0, [x1]
fadd d0, d1, d2
fsub d0, d1, d2
fmul d0, d1, d2
fdiv d0, d1, d2
fmadd d0, d1, d2, d3
fabs d0, d1
fneg d0, d1
fmax d0, d1, d2
fmin d0, d1, d2
ldr d0, [x1]
str d0, [x1]
fadd v0.4s, v1.4s, v2.4s
fsub v0.4s, v1.4s, v2.4s
fmul v0.4s, v1.4s, v2.4s
fdiv v0.4s, v1.4s, v2.4s
fmla v0.4s, v1.4s, v2.4s
fabs v0.4s, v1.4s
fneg v0.4s, v1.4s
fmax v0.4s, v1.4s, v2.4s
fmin v0.4s, v1.4s, v2.4s
faddp v0.4s, v1.4s, v2.4s
ldr q0, [x1]
str q0, [x1]
ld1r {v0.4s}, [x1]
fadd v0.2d, v1.2d, v2.2d
fsub v0.2d, v1.2d, v2.2d
fmul v0.2d, v1.2d, v2.2d
fdiv v0.2d, v1.2d, v2.2d
fmla v0.2d, v1.2d, v2.2d
fabs v0.2d, v1.2d
fneg v0.2d, v1.2d
fmax v0.2d, v1.2d, v2.2d
fmin v0.2d, v1.2d, v2.2d
faddp v0.2d, v1.2d, v2.2d
ld1r {v0.2d}, [x1]
add w0, w1, w2
sub w0, w1, w2
and w0, w1, w2
orr w0, w1, w2
eor w0, w1, w2
mvn w0, w1
neg w0, w1
eon w0, w1, w2
cmp w1, #0
cneg w0, w1, lt
mul w0, w1, w2
lsl w0, w1, #1
lsr w0, w1, #1
mov w0, w1
ldr w0, [x1]
str w0, [x1]
add x0, x1, x2
sub x0, x1, x2
and x0, x1, x2
orr x0, x1, x2
eor x0, x1, x2
mvn x0, x1
neg x0, x1
eon x0, x1, x2
cmp x1, #0
cneg x0, x1, lt
mul x0, x1, x2
lsl x0, x1, #1
lsr x0, x1, #1
mov x0, x1
ldr x0, [x1]
str x0, [x1]
fmov d0, x0
cnt v0.8b, v0.8b
addv b0, v0.8b
fmov x0, d0
add v0.16b, v1.16b, v2.16b
sub v0.16b, v1.16b, v2.16b
and v0.16b, v1.16b, v2.16b
orr v0.16b, v1.16b, v2.16b
eor v0.16b, v1.16b, v2.16b
mvn v0.16b, v1.16b
mvn v0.16b, v0.16b
abs v0.16b, v1.16b
mul v0.16b, v1.16b, v2.16b
smax v0.16b, v1.16b, v2.16b
smin v0.16b, v1.16b, v2.16b
ld1r {v0.16b}, [x1]
umax v0.16b, v1.16b, v2.16b
umin v0.16b, v1.16b, v2.16b
add v0.8h, v1.8h, v2.8h
sub v0.8h, v1.8h, v2.8h
abs v0.8h, v1.8h
mul v0.8h, v1.8h, v2.8h
smax v0.8h, v1.8h, v2.8h
smin v0.8h, v1.8h, v2.8h
shl v0.8h, v1.8h, #1
ushr v0.8h, v1.8h, #1
ld1r {v0.8h}, [x1]
add v0.4s, v1.4s, v2.4s
sub v0.4s, v1.4s, v2.4s
abs v0.4s, v1.4s
mul v0.4s, v1.4s, v2.4s
smax v0.4s, v1.4s, v2.4s
smin v0.4s, v1.4s, v2.4s
shl v0.4s, v1.4s, #1
ushr v0.4s, v1.4s, #1
add v0.2d, v1.2d, v2.2d
sub v0.2d, v1.2d, v2.2d
abs v0.2d, v1.2d
shl v0.2d, v1.2d, #1
ushr v0.2d, v1.2d, #1
uabal v0.8h, v1.8b, v2.8b
uabal2 v3.8h, v1.16b, v2.16b
smlal v0.4s, v1.4h, v2.4h
smlal2 v3.4s, v1.8h, v2.8h
cnt v0.16b, v1.16b
addp v0.4s, v1.4s, v2.4s
addp v0.8h, v1.8h, v2.8h
mov v0.16b, v1.16b
fmov s0, s1
fmov d0, d1
scvtf s0, s1
scvtf d0, d1
scvtf v0.4s, v1.4s
fcvtzs v0.4s, v1.4s
