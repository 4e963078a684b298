addss %xmm1, %xmm0
subss %xmm1, %xmm0
mulss %xmm1, %xmm0
divss %xmm1, %xmm0
vfmadd231ss %xmm2, %xmm1, %xmm0
andps %xmm1, %xmm0
xorps %xmm1, %xmm0
maxss %xmm1, %xmm0
minss %xmm1, %xmm0
movss (%rdi), %xmm0
movss %xmm0, (%rdi)
addsd %xmm1, %xmm0
subsd %xmm1, %xmm0
mulsd %xmm1, %xmm0
divsd %xmm1, %xmm0
vfmadd231sd %xmm2, %xmm1, %xmm0
andpd %xmm1, %xmm0
xorpd %xmm1, %xmm0
maxsd %xmm1, %xmm0
minsd %xmm1, %xmm0
movsd (%rdi), %xmm0
movsd %xmm0, (%rdi)
addps %xmm1, %xmm0
subps %xmm1, %xmm0
mulps %xmm1, %xmm0
divps %xmm1, %xmm0
vfmadd231ps %xmm2, %xmm1, %xmm0
maxps %xmm1, %xmm0
minps %xmm1, %xmm0
haddps %xmm1, %xmm0
movups (%rdi), %xmm0
movups %xmm0, (%rdi)
addpd %xmm1, %xmm0
subpd %xmm1, %xmm0
mulpd %xmm1, %xmm0
divpd %xmm1, %xmm0
vfmadd231pd %xmm2, %xmm1, %xmm0
maxpd %xmm1, %xmm0
minpd %xmm1, %xmm0
haddpd %xmm1, %xmm0
movupd (%rdi), %xmm0
movupd %xmm0, (%rdi)
vaddps %ymm2, %ymm1, %ymm0
vsubps %ymm2, %ymm1, %ymm0
vmulps %ymm2, %ymm1, %ymm0
vdivps %ymm2, %ymm1, %ymm0
vfmadd231ps %ymm2, %ymm1, %ymm0
vmaxps %ymm2, %ymm1, %ymm0
vminps %ymm2, %ymm1, %ymm0
vandps %ymm2, %ymm1, %ymm0
vxorps %ymm2, %ymm1, %ymm0
vhaddps %ymm2, %ymm1, %ymm0
vmovups (%rdi), %ymm0
vmovups %ymm0, (%rdi)
vaddpd %ymm2, %ymm1, %ymm0
vsubpd %ymm2, %ymm1, %ymm0
vmulpd %ymm2, %ymm1, %ymm0
vdivpd %ymm2, %ymm1, %ymm0
vfmadd231pd %ymm2, %ymm1, %ymm0
vmaxpd %ymm2, %ymm1, %ymm0
vminpd %ymm2, %ymm1, %ymm0
vandpd %ymm2, %ymm1, %ymm0
vxorpd %ymm2, %ymm1, %ymm0
vhaddpd %ymm2, %ymm1, %ymm0
vmovupd (%rdi), %ymm0
vmovupd %ymm0, (%rdi)
vaddps %zmm2, %zmm1, %zmm0
vsubps %zmm2, %zmm1, %zmm0
vmulps %zmm2, %zmm1, %zmm0
vdivps %zmm2, %zmm1, %zmm0
vfmadd231ps %zmm2, %zmm1, %zmm0
vmaxps %zmm2, %zmm1, %zmm0
vminps %zmm2, %zmm1, %zmm0
vpandd %zmm2, %zmm1, %zmm0
vpxord %zmm2, %zmm1, %zmm0
vmovups (%rdi), %zmm0
vmovups %zmm0, (%rdi)
vaddpd %zmm2, %zmm1, %zmm0
vsubpd %zmm2, %zmm1, %zmm0
vmulpd %zmm2, %zmm1, %zmm0
vdivpd %zmm2, %zmm1, %zmm0
vfmadd231pd %zmm2, %zmm1, %zmm0
vmaxpd %zmm2, %zmm1, %zmm0
vminpd %zmm2, %zmm1, %zmm0
vmovupd (%rdi), %zmm0
vmovupd %zmm0, (%rdi)
vbroadcastss (%rdi), %xmm0
movddup (%rdi), %xmm0
vbroadcastss (%rdi), %ymm0
vbroadcastsd (%rdi), %ymm0
vbroadcastss (%rdi), %zmm0
vbroadcastsd (%rdi), %zmm0
addl %esi, %eax
subl %esi, %eax
andl %esi, %eax
orl %esi, %eax
xorl %esi, %eax
notl %eax
negl %eax
cmovll %esi, %eax
imull %esi, %eax
shll $1, %eax
shrl $1, %eax
movl %esi, %eax
popcntl %esi, %eax
movl (%rdi), %eax
movl %eax, (%rdi)
addq %rsi, %rax
subq %rsi, %rax
andq %rsi, %rax
orq %rsi, %rax
xorq %rsi, %rax
notq %rax
negq %rax
cmovlq %rsi, %rax
imulq %rsi, %rax
shlq $1, %rax
shrq $1, %rax
movq %rsi, %rax
popcntq %rsi, %rax
movq (%rdi), %rax
movq %rax, (%rdi)
paddb %xmm1, %xmm0
psubb %xmm1, %xmm0
pand %xmm1, %xmm0
por %xmm1, %xmm0
pxor %xmm1, %xmm0
vpternlogq $0x99, %xmm2, %xmm1, %xmm0
pabsb %xmm1, %xmm0
pmaxsb %xmm1, %xmm0
pminsb %xmm1, %xmm0
movdqu (%rdi), %xmm0
movdqu %xmm0, (%rdi)
vpbroadcastb (%rdi), %xmm0
pmaxub %xmm1, %xmm0
pminub %xmm1, %xmm0
paddw %xmm1, %xmm0
psubw %xmm1, %xmm0
pabsw %xmm1, %xmm0
pmullw %xmm1, %xmm0
pmaxsw %xmm1, %xmm0
pminsw %xmm1, %xmm0
psllw $1, %xmm0
psrlw $1, %xmm0
vpbroadcastw (%rdi), %xmm0
paddd %xmm1, %xmm0
psubd %xmm1, %xmm0
pabsd %xmm1, %xmm0
pmulld %xmm1, %xmm0
pmaxsd %xmm1, %xmm0
pminsd %xmm1, %xmm0
pslld $1, %xmm0
psrld $1, %xmm0
vpbroadcastd (%rdi), %xmm0
paddq %xmm1, %xmm0
psubq %xmm1, %xmm0
psllq $1, %xmm0
psrlq $1, %xmm0
vpbroadcastq (%rdi), %xmm0
psadbw %xmm1, %xmm0
pmaddubsw %xmm1, %xmm0
pmaddwd %xmm1, %xmm0
vpdpbusd %xmm2, %xmm1, %xmm0
phaddd %xmm1, %xmm0
phaddw %xmm1, %xmm0
vpopcntb %xmm1, %xmm0
vpopcntd %xmm1, %xmm0
vpopcntq %xmm1, %xmm0
vpaddb %ymm2, %ymm1, %ymm0
vpsubb %ymm2, %ymm1, %ymm0
vpand %ymm2, %ymm1, %ymm0
vpor %ymm2, %ymm1, %ymm0
vpxor %ymm2, %ymm1, %ymm0
vpternlogq $0x99, %ymm2, %ymm1, %ymm0
vpabsb %ymm1, %ymm0
vpmaxsb %ymm2, %ymm1, %ymm0
vpminsb %ymm2, %ymm1, %ymm0
vmovdqu (%rdi), %ymm0
vmovdqu %ymm0, (%rdi)
vpbroadcastb (%rdi), %ymm0
vpmaxub %ymm2, %ymm1, %ymm0
vpminub %ymm2, %ymm1, %ymm0
vpaddw %ymm2, %ymm1, %ymm0
vpsubw %ymm2, %ymm1, %ymm0
vpabsw %ymm1, %ymm0
vpmullw %ymm2, %ymm1, %ymm0
vpmaxsw %ymm2, %ymm1, %ymm0
vpminsw %ymm2, %ymm1, %ymm0
vpsllw $1, %ymm1, %ymm0
vpsrlw $1, %ymm1, %ymm0
vpbroadcastw (%rdi), %ymm0
vpaddd %ymm2, %ymm1, %ymm0
vpsubd %ymm2, %ymm1, %ymm0
vpabsd %ymm1, %ymm0
vpmulld %ymm2, %ymm1, %ymm0
vpmaxsd %ymm2, %ymm1, %ymm0
vpminsd %ymm2, %ymm1, %ymm0
vpslld $1, %ymm1, %ymm0
vpsrld $1, %ymm1, %ymm0
vpbroadcastd (%rdi), %ymm0
vpaddq %ymm2, %ymm1, %ymm0
vpsubq %ymm2, %ymm1, %ymm0
vpsllq $1, %ymm1, %ymm0
vpsrlq $1, %ymm1, %ymm0
vpbroadcastq (%rdi), %ymm0
vpsadbw %ymm2, %ymm1, %ymm0
vpmaddubsw %ymm2, %ymm1, %ymm0
vpmaddwd %ymm2, %ymm1, %ymm0
vpdpbusd %ymm2, %ymm1, %ymm0
vphaddd %ymm2, %ymm1, %ymm0
vphaddw %ymm2, %ymm1, %ymm0
vpopcntb %ymm1, %ymm0
vpopcntd %ymm1, %ymm0
vpopcntq %ymm1, %ymm0
vpaddb %zmm2, %zmm1, %zmm0
vpsubb %zmm2, %zmm1, %zmm0
vpandq %zmm2, %zmm1, %zmm0
vporq %zmm2, %zmm1, %zmm0
vpxorq %zmm2, %zmm1, %zmm0
vpternlogq $0x55, %zmm0, %zmm0, %zmm0
vpternlogq $0x99, %zmm2, %zmm1, %zmm0
vpabsb %zmm1, %zmm0
vpmaxsb %zmm2, %zmm1, %zmm0
vpminsb %zmm2, %zmm1, %zmm0
vmovdqu64 (%rdi), %zmm0
vmovdqu64 %zmm0, (%rdi)
vpbroadcastb (%rdi), %zmm0
vpmaxub %zmm2, %zmm1, %zmm0
vpminub %zmm2, %zmm1, %zmm0
vpaddw %zmm2, %zmm1, %zmm0
vpsubw %zmm2, %zmm1, %zmm0
vpabsw %zmm1, %zmm0
vpmullw %zmm2, %zmm1, %zmm0
vpmaxsw %zmm2, %zmm1, %zmm0
vpminsw %zmm2, %zmm1, %zmm0
vpsllw $1, %zmm1, %zmm0
vpsrlw $1, %zmm1, %zmm0
vpbroadcastw (%rdi), %zmm0
vpaddd %zmm2, %zmm1, %zmm0
vpsubd %zmm2, %zmm1, %zmm0
vpabsd %zmm1, %zmm0
vpmulld %zmm2, %zmm1, %zmm0
vpmaxsd %zmm2, %zmm1, %zmm0
vpminsd %zmm2, %zmm1, %zmm0
vpslld $1, %zmm1, %zmm0
vpsrld $1, %zmm1, %zmm0
vpbroadcastd (%rdi), %zmm0
vpaddq %zmm2, %zmm1, %zmm0
vpsubq %zmm2, %zmm1, %zmm0
vpabsq %zmm1, %zmm0
vpsllq $1, %zmm1, %zmm0
vpsrlq $1, %zmm1, %zmm0
vpbroadcastq (%rdi), %zmm0
vpsadbw %zmm2, %zmm1, %zmm0
vpmaddubsw %zmm2, %zmm1, %zmm0
vpmaddwd %zmm2, %zmm1, %zmm0
vpdpbusd %zmm2, %zmm1, %zmm0
vpopcntd %zmm1, %zmm0
vpopcntq %zmm1, %zmm0
vpopcntb %zmm1, %zmm0
movaps %xmm1, %xmm0
movdqa %xmm1, %xmm0
vmovaps %ymm1, %ymm0
cvtdq2ps %xmm1, %xmm0
cvtdq2pd %xmm1, %xmm0
vcvtdq2ps %ymm1, %ymm0
cvttps2dq %xmm1, %xmm0
vcvttps2dq %ymm1, %ymm0
