//go:build !purego

#include "textflag.h"

DATA nibbleMask<>+0(SB)/8, $0x0f0f0f0f0f0f0f0f
DATA nibbleMask<>+8(SB)/8, $0x0f0f0f0f0f0f0f0f
GLOBL nibbleMask<>(SB), RODATA|NOPTR, $16

DATA nines<>+0(SB)/8, $0x0909090909090909
DATA nines<>+8(SB)/8, $0x0909090909090909
GLOBL nines<>(SB), RODATA|NOPTR, $16

DATA digit0<>+0(SB)/8, $0x3030303030303030
DATA digit0<>+8(SB)/8, $0x3030303030303030
GLOBL digit0<>(SB), RODATA|NOPTR, $16

// 'a' - '0' - 10: added to the nibbles above 9.
DATA letterGap<>+0(SB)/8, $0x2727272727272727
DATA letterGap<>+8(SB)/8, $0x2727272727272727
GLOBL letterGap<>(SB), RODATA|NOPTR, $16

// func encodeBlocks(dst, src *byte, n int)
// n is a multiple of 16; dst holds 2n bytes. SSE2 only (every amd64).
TEXT ·encodeBlocks(SB), NOSPLIT, $0-24
	MOVQ  dst+0(FP), DI
	MOVQ  src+8(FP), SI
	MOVQ  n+16(FP), CX
	MOVOU nibbleMask<>(SB), X8
	MOVOU nines<>(SB), X9
	MOVOU digit0<>(SB), X10
	MOVOU letterGap<>(SB), X11

loop:
	CMPQ CX, $16
	JB   done
	MOVOU (SI), X0
	MOVO  X0, X1
	PSRLW $4, X1
	PAND  X8, X1 // high nibbles
	PAND  X8, X0 // low nibbles

	MOVO    X1, X2
	PCMPGTB X9, X2 // 0xff where the nibble is above 9
	PAND    X11, X2
	PADDB   X10, X1
	PADDB   X2, X1

	MOVO    X0, X3
	PCMPGTB X9, X3
	PAND    X11, X3
	PADDB   X10, X0
	PADDB   X3, X0

	// Each byte's high digit first.
	MOVO      X1, X4
	PUNPCKLBW X0, X4
	PUNPCKHBW X0, X1
	MOVOU     X4, (DI)
	MOVOU     X1, 16(DI)

	ADDQ $16, SI
	ADDQ $32, DI
	SUBQ $16, CX
	JMP  loop

done:
	RET
