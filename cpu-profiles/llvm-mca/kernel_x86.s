# FP32 multiply-accumulate kernel (SSE only, every x86 model accepts it); used only for -all-stats
.Lloop:
  movups (%rdi), %xmm1
  mulps %xmm2, %xmm1
  addps %xmm1, %xmm0
  addq $16, %rdi
  decl %ecx
  jne .Lloop
