# general.s: the general zone's guest.  It says it booted on its console
# (debugcon), writes four lines on COM1 (which QEMU appends to the
# clipboard's input FIFO, /run/sw/clipboard.in), then powers off.  Only the
# first and the last line may pass the gateway: the second does not start
# with "CLIP ", the third holds a control character (BEL).  The last line,
# "CLIP over", tells the classified guest that the clipboard is done.

	.include "common.s"
	.code16
	.text
	.globl	_start
_start:
	start
	movw	$booted, %si
	call	con_puts
	movw	$clip, %si
	call	com1_puts
	movw	$sent, %si
	call	con_puts
	poweroff

# com1_puts: write the NUL-terminated string at %si on COM1, each byte once
# the transmitter takes it.
com1_puts:
	lodsb
	testb	%al, %al
	jz	2f
	movb	%al, %ah
	movw	$COM1_LSR, %dx
1:	inb	%dx, %al
	testb	$LSR_THRE, %al
	jz	1b
	movb	%ah, %al
	movw	$COM1, %dx
	outb	%al, %dx
	jmp	com1_puts
2:	ret

# con_puts: write the NUL-terminated string at %si on the console.
con_puts:
	movw	$DEBUGCON, %dx
1:	lodsb
	testb	%al, %al
	jz	2f
	outb	%al, %dx
	jmp	1b
2:	ret

booted:	.asciz	"general: booted\n"
sent:	.asciz	"general: sent 4 lines, powering off\n"
clip:	.ascii	"CLIP general says hello 42\r\n"
	.ascii	"general: this line is not for the clipboard\r\n"
	.ascii	"CLIP ring \007 the bell\r\n"
	.asciz	"CLIP over\r\n"

	signature
