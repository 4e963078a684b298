// FP32 multiply-accumulate kernel (NEON); used only for -all-stats
.Lloop:
  ldr q1, [x0], #16
  fmla v0.4s, v1.4s, v2.4s
  subs w1, w1, #1
  b.ne .Lloop
