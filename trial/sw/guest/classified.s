# classified.s: the classified zone's guest.  It says it booted on its
# console (debugcon, appended by QEMU to a file in the zone's log
# directory), then copies each line that arrives on COM1 (QEMU's stdin,
# which the launcher connects to the clipboard's output FIFO,
# /run/sw/clipboard.out) to the console as "classified got: LINE".  It
# waits with `hlt`, woken by the UART's receive interrupt (IRQ 4) alone, so
# an idle guest costs no instructions.  After the line "CLIP over" it powers
# off.  A line longer than the buffer is cut at its length; '\r' is dropped.
# Started without a COM1 (a refused step's control run, trial/sw/README.md)
# it says so and powers off at once.

	.include "common.s"
	.set	LINE, 0x600		# the line buffer: free memory below 7c00
	.set	LINE_MAX, 200
	.set	IRQ4_VEC, 0x0c * 4	# SeaBIOS maps IRQ 0-7 to vectors 8-15
	.set	PIC1_DATA, 0x21
	.set	PIC2_DATA, 0xa1
	.code16
	.text
	.globl	_start
_start:
	start
	movw	$booted, %si
	call	con_puts
	# IRQ 4 -> irq4, and no other interrupt: the timer is masked too
	movw	$irq4, IRQ4_VEC
	movw	$0, IRQ4_VEC + 2
	movb	$0xef, %al
	outb	%al, $PIC1_DATA
	movb	$0xff, %al
	outb	%al, $PIC2_DATA
	# receive interrupt on; OUT2 gates the UART's IRQ on a PC.  The FIFO
	# control register is left alone: writing it could drop a byte that
	# came in while the guest booted.
	movw	$COM1_IER, %dx
	movb	$0x01, %al
	outb	%al, %dx
	movw	$COM1_MCR, %dx
	movb	$0x0b, %al
	outb	%al, %dx
	movw	$LINE, %di

next:	cli
	movw	$COM1_LSR, %dx
	inb	%dx, %al
	cmpb	$0xff, %al		# no UART answers: nothing will ever come
	je	nouart
	testb	$LSR_DR, %al
	jnz	byte
	sti			# the interrupt shadow of sti covers the hlt:
	hlt			# no wake-up is lost between the test and here
	jmp	next
byte:	movw	$COM1, %dx
	inb	%dx, %al
	cmpb	$'\r', %al
	je	next
	cmpb	$'\n', %al
	je	line
	cmpw	$LINE + LINE_MAX, %di
	jae	next
	stosb
	jmp	next

line:	movb	$0, (%di)
	movw	$got, %si
	call	con_puts
	movw	$LINE, %si
	call	con_puts
	movb	$'\n', %al
	outb	%al, $DEBUGCON
	# "CLIP over" ends the session
	movw	$LINE, %si
	movw	$over, %di
	movw	$over_len, %cx
	repe cmpsb
	movw	$LINE, %di
	jne	next
	movw	$done, %si
	call	con_puts
	poweroff

nouart:	movw	$nocom1, %si
	call	con_puts
	poweroff

# irq4: acknowledge; the main loop reads the byte.
irq4:	pushw	%ax
	movb	$0x20, %al
	outb	%al, $0x20
	popw	%ax
	iret

# con_puts: write the NUL-terminated string at %si on the console.
con_puts:
	movw	$DEBUGCON, %dx
1:	lodsb
	testb	%al, %al
	jz	2f
	outb	%al, %dx
	jmp	1b
2:	ret

booted:	.asciz	"classified: booted, waiting for the clipboard\n"
got:	.asciz	"classified got: "
over:	.asciz	"CLIP over"		# compared with its NUL: the whole line
	.set	over_len, . - over
nocom1:	.asciz	"classified: no serial port, powering off\n"
done:	.asciz	"classified: clipboard closed, powering off\n"

	signature
