# common.s: what both tiny guests share (GNU as, 16-bit real mode).
#
# A guest is one 512-byte boot sector that SeaBIOS loads at 0:7c00 from the
# zone's disk image.  It talks to the host through two ISA ports only:
#   COM1 (0x3f8)      the serial line: the clipboard channel
#   debugcon (0xe9)   a byte per `out`: the guest's console, which QEMU
#                     appends to a file in the zone's log directory
# and ends by an ACPI power-off, so QEMU exits with status 0 and the
# launcher's `wait` returns.  No timer, no BIOS call after boot.

	.set	COM1, 0x3f8
	.set	COM1_IER, COM1 + 1
	.set	COM1_MCR, COM1 + 4
	.set	COM1_LSR, COM1 + 5
	.set	LSR_DR, 0x01		# a received byte is waiting
	.set	LSR_THRE, 0x20		# the transmitter takes a byte
	.set	DEBUGCON, 0xe9
	# QEMU's pc machine: SeaBIOS puts the PIIX4 power-management block at
	# 0x600; SLP_EN with SLP_TYP 0 in PM1a_CNT is a soft power-off.
	.set	PM1A_CNT, 0x604
	.set	SLP_EN, 0x2000

# start: a known state (cs:ip = 0:7c00 whatever SeaBIOS jumped with,
# segments 0, stack below the sector, interrupts off, strings upward).
	.macro	start
	cli
	xorw	%ax, %ax
	movw	%ax, %ds
	movw	%ax, %es
	movw	%ax, %ss
	movw	$0x7c00, %sp
	ljmp	$0, $1f
1:	cld
	.endm

# poweroff: ask the chipset to power off; halt for good if it does not.
	.macro	poweroff
	movw	$PM1A_CNT, %dx
	movw	$SLP_EN, %ax
	outw	%ax, %dx
1:	cli
	hlt
	jmp	1b
	.endm

# signature: pad the sector to 510 bytes and add the boot signature.
	.macro	signature
	.org	510
	.byte	0x55, 0xaa
	.endm
