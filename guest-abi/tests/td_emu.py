#!/usr/bin/env python3
"""Runs a Trust Domain test-guest image in a CPU emulator (Unicorn) that plays
the TDX module and the host, following the boot contract in README.md
("Trust Domain test guests") and shared/TDX-TD-ABI.md. No TDX hardware
and no tdvisor: this checks the guests, not the module.

What it models:
  - memory: the image ending at GPA 4 GiB; private RAM [0, memory) exists
    only once accepted (TDG.MEM.PAGE.ACCEPT, 2 MiB or 4 KiB leaves), but
    for "initial_memory" added up front; any other access is an EPT
    violation that kills the TD; shared memory is not addressable (the
    emulated CPU's physical address width is 40 bits, as Bochs');
  - the initial vCPU state: RIP 0xfffffff0, 32-bit protected mode, paging
    off, EFER.LME set, RBX = GPAW, RCX = R8 = RAM size, RDX = CPUID(1).EAX, RSI = 0;
  - TDCALL (66 0F 01 CC; #GP outside 64-bit mode): TDG.VP.INFO,
    TDG.VP.VEINFO.GET, TDG.MR.REPORT and TDG.MR.RTMR.EXTEND (SHA-384),
    TDG.MEM.PAGE.ACCEPT, TDG.VP.VMCALL with the GPR exposure bitmap
    (registers not exposed are kept; exposed ones come back as the host
    left them, and this host scribbles over the ones it does not answer in);
  - #VE (vector 20, through the guest's IDT) for port I/O, HLT, RDMSR/WRMSR
    (but EFER) and CPUID leaves outside the module's table (or every CPUID
    with --cpuid-ve=all); a #VE while the VE information is still valid
    becomes #DF; an exception the IDT cannot deliver is a triple fault;
  - the host: the GHCI sub-functions of guest-abi/tdx_ghci.h with its
    statuses (MapGPA answers RETRY every 8 pages; ranges outside the TD's
    memory are refused), an accept beyond "memory" or more than 10,000
    accesses to unclaimed ports stop the TD, tdvisor's PV CONSOLE_WRITE.

Usage:
  td_emu.py IMAGE [--gpaw N] [--memory BYTES] [--initial-memory BYTES]
            [--cpuid-ve table|all] [--clobber REG]
      prints the console, exits 0 when the TD ends with status 0
  td_emu.py --smoke DIR
      runs the TD images in DIR in the scenarios of smoke() and checks each
      outcome: one "PASS <name>" or "FAIL <name>" line each (tests/check.sh
      style), then "td-emu-smoke: N passed, N failed"
"""
import argparse
import hashlib
import os
import sys

try:
    from unicorn import Uc, UcError, UC_ARCH_X86, UC_MODE_64, UC_HOOK_CODE, \
        UC_HOOK_INTR, UC_HOOK_MEM_UNMAPPED, UC_PROT_ALL, UC_ERR_INSN_INVALID
    from unicorn import x86_const as X
except ImportError:
    # Debian's python3-unicorn lives in the system interpreter's path.
    if os.path.exists("/usr/bin/python3") and sys.executable != "/usr/bin/python3" \
            and not os.environ.get("TD_EMU_REEXEC"):
        os.environ["TD_EMU_REEXEC"] = "1"
        os.execv("/usr/bin/python3", ["/usr/bin/python3"] + sys.argv)
    print("td-emu: python3-unicorn not installed: skipped")
    sys.exit(0)

GIB4 = 1 << 32
PAGE, PAGE_2M = 0x1000, 0x200000
FMS = 0x000806F8                    # CPUID(1).EAX the "platform" reports
STUB = 0x7F000000                   # the harness's own mode-switch code
MAX_INSNS = 200_000_000
MSR_EFER = 0xC0000080
MSR_TSC_DEADLINE = 0x6E0
FLOOD_LIMIT = 10_000                # unclaimed port accesses before a stop
MAP_GPA_PAGES_PER_CALL = 8
ATTRIBUTES = 0x10000001             # DEBUG | SEPT_VE_DISABLE
XFAM = 0x3

TDX_SUCCESS = 0
TDX_OPERAND_INVALID = 0xC000010000000000
TDX_NO_VALID_VE_INFO = 0xC000070400000000
TDX_PAGE_ALREADY_ACCEPTED = 0x00000B0A00000000
TDX_PAGE_SIZE_MISMATCH = 0xC0000B0B00000000
# GHCI statuses (guest-abi/tdx_ghci.h), also those of tdvisor's PV calls
VMCALL_SUCCESS, VMCALL_RETRY = 0, 1
VMCALL_INVALID_OPERAND = 0x8000000000000000
VMCALL_ALIGN_ERROR = 0x8000000000000002
VMCALL_SUBFUNC_UNSUPPORTED = 0x8000000000000003
PV_LEAF = 0x74647673

# GPR numbers of the TDVMCALL exposure bitmap, and their unicorn ids.
GPRS = ["RAX", "RCX", "RDX", "RBX", "RSP", "RBP", "RSI", "RDI",
        "R8", "R9", "R10", "R11", "R12", "R13", "R14", "R15"]
UC_GPR = {name: getattr(X, "UC_X86_REG_" + name) for name in GPRS}
EXPOSE_STANDARD = 0xFC00

# Leaves the module answers itself (ABI doc section 4, the ones the guests
# use); everything else #VEs to the guest.
MODULE_CPUID = {0: (0x23, 0x756E6547, 0x6C65746E, 0x49656E69),  # GenuineIntel
                1: (FMS, 0, 0, 0)}
HOST_CPUID = {0: (0x20, 0x756E6547, 0x6C65746E, 0x49656E69),
              1: (FMS, 0, 0x80000000, 0),
              0x40000000: (0x40000001, 0x49564454, 0x54524F53, 0x53495644),
              0x40000001: (1, 0, 0, 0),
              0x80000000: (0x80000008, 0, 0, 0),
              0x80000008: (0x3028, 0, 0, 0)}         # 40 physical address bits

# First bytes of the instructions the module or the host takes over: the
# emulator hooks only the image offsets where they occur (hooking every
# instruction in Python would make the RAM-walking guests crawl).
IO_OPCODES = (0xE4, 0xE5, 0xE6, 0xE7, 0xEC, 0xED, 0xEE, 0xEF)
HOOKED = [b"\x66\x0f\x01\xcc", b"\x0f\xa2", b"\x0f\x32", b"\x0f\x30", b"\xf4"] + \
    [bytes([op]) for op in IO_OPCODES] + [bytes([0x66, op]) for op in IO_OPCODES]


class TdEmu:
    def __init__(self, image, name, gpaw=48, memory=16 << 20, initial_memory=0,
                 cpuid_ve="table", clobber=None, echo=True):
        if len(image) % PAGE or not 0 < len(image) <= 2 << 20:
            raise SystemExit(f"td-emu: {name}: image size {len(image)} is not a"
                             " multiple of 4 KiB up to 2 MiB")
        self.name, self.gpaw, self.cpuid_ve = name, gpaw, cpuid_ve
        self.shared = 1 << (gpaw - 1)
        self.memory, self.clobber, self.echo = memory, clobber, echo
        self.base = GIB4 - len(image)
        self.lines, self.line = [], bytearray()
        self.status = None          # exit port value
        self.fatal = None           # ReportFatalError message
        self.error = None           # anything that kills the TD otherwise
        self.ve = None              # pending VE information, or None
        self.counts = {"tdcall": 0, "tdvmcall": 0, "ve": 0}
        self.accepted = {}          # private RAM page -> level of its leaf (0, 1)
        self.shared_pages = set()   # RAM pages converted to shared
        self.unclaimed_io = 0
        self.msrs = {MSR_TSC_DEADLINE: 0}
        self.mrtd = hashlib.sha384(image).digest()
        self.rtmr = [bytes(48)] * 4

        uc = self.uc = Uc(UC_ARCH_X86, UC_MODE_64)
        uc.mem_map(self.base, len(image))
        uc.mem_write(self.base, image)
        for gpa in range(0, initial_memory, PAGE):      # PAGE.ADD: accepted 4K leaves
            self._add(gpa, PAGE, 0)
        self._enter_reset_state()
        for off in sorted({i for i in range(len(image))
                           if any(image.startswith(p, i) for p in HOOKED)}):
            uc.hook_add(UC_HOOK_CODE, self._on_insn, begin=self.base + off,
                        end=self.base + off)
        uc.hook_add(UC_HOOK_INTR, self._on_exception)
        uc.hook_add(UC_HOOK_MEM_UNMAPPED, self._on_unmapped)

    def _enter_reset_state(self):
        """Unicorn's 64-bit mode has long mode on and paging off; the TD
        starts in 32-bit protected mode. A stub enables paging, far-returns
        to a 32-bit segment and clears CR0.PG, which leaves long mode; then
        the registers get the TD's values."""
        uc = self.uc
        uc.mem_map(STUB, 0x4000)
        gdt = STUB + 0x100
        uc.mem_write(gdt, (0).to_bytes(8, "little") +
                     (0x00CF9B000000FFFF).to_bytes(8, "little") +      # 0x08 code32
                     (0x00CF93000000FFFF).to_bytes(8, "little"))       # 0x10 data
        uc.mem_write(STUB + 0x180, (23).to_bytes(2, "little") + gdt.to_bytes(8, "little"))
        pml4, pdpt, pd = STUB + 0x1000, STUB + 0x2000, STUB + 0x3000
        uc.mem_write(pml4, (pdpt | 3).to_bytes(8, "little"))
        uc.mem_write(pdpt + 8 * (STUB >> 30), (pd | 3).to_bytes(8, "little"))
        uc.mem_write(pd + 8 * ((STUB >> 21) & 511), (STUB | 0x83).to_bytes(8, "little"))
        code = bytes.fromhex(
            "0f0114258001007f"      # lgdt [STUB+0x180]
            "6a08"                  # push 0x08
            "488d0503000000"        # lea rax, [rip+3]
            "50"                    # push rax
            "48cb"                  # retfq
            "0f20c0"                # (32-bit) mov eax, cr0
            "25ffffff7f"            # and eax, 0x7fffffff
            "0f22c0"                # mov cr0, eax: leaves long mode
            "b810000000"            # mov eax, 0x10
            "8ed88ec08ee08ee88ed0"  # mov ds/es/fs/gs/ss, eax
            "90")                   # nop: the stop point
        uc.mem_write(STUB, code)
        uc.reg_write(X.UC_X86_REG_CR3, pml4)
        uc.reg_write(X.UC_X86_REG_CR4, 0x20)
        uc.reg_write(X.UC_X86_REG_CR0, 0x80000011)
        uc.reg_write(X.UC_X86_REG_RSP, STUB + 0x800)
        uc.emu_start(STUB, STUB + len(code) - 1)
        uc.mem_unmap(STUB, 0x4000)

        uc.reg_write(X.UC_X86_REG_CR0, 0x21)
        uc.reg_write(X.UC_X86_REG_CR3, 0)
        uc.reg_write(X.UC_X86_REG_CR4, 0x40)
        uc.reg_write(X.UC_X86_REG_GDTR, (0, 0, 0xFFFF, 0))
        uc.reg_write(X.UC_X86_REG_IDTR, (0, 0, 0xFFFF, 0))
        for name in GPRS:
            uc.reg_write(UC_GPR[name], 0)
        uc.reg_write(X.UC_X86_REG_RBX, self.gpaw)
        uc.reg_write(X.UC_X86_REG_RCX, self.memory)     # tdvisor: RAM size (VP.INIT RDX)
        uc.reg_write(X.UC_X86_REG_R8, self.memory)
        uc.reg_write(X.UC_X86_REG_RDX, FMS)
        uc.reg_write(X.UC_X86_REG_EFLAGS, 0x2)
        if uc.msr_read(0xC0000080) & 0x500 != 0x100:
            raise SystemExit("td-emu: could not put the CPU in 32-bit mode with EFER.LME")

    # ---- running ----

    def run(self):
        try:
            self.uc.emu_start(0xFFFFFFF0, 0, count=MAX_INSNS)
        except UcError as e:
            if e.errno == UC_ERR_INSN_INVALID and not self.ended():
                self._on_exception(self.uc, 6, None)    # #UD, which Unicorn does not raise
            if not self.ended():
                self.error = f"emulation stopped: {e} at RIP {self.rip():#x}"
        if not self.ended():
            self.error = f"still running after {MAX_INSNS} instructions (RIP {self.rip():#x})"
        if self.line:
            self._console_line()
        return self

    def ended(self):
        return self.status is not None or self.fatal is not None or self.error is not None

    def rip(self):
        return self.uc.reg_read(X.UC_X86_REG_RIP)

    def reg(self, name):
        return self.uc.reg_read(UC_GPR[name])

    def set_reg(self, name, value):
        self.uc.reg_write(UC_GPR[name], value & (2**64 - 1))

    def _long_mode_64(self):
        """CS.L of the current code segment, from the guest's GDT."""
        if not self.uc.msr_read(MSR_EFER) & 0x400:
            return False
        _, base, _, _ = self.uc.reg_read(X.UC_X86_REG_GDTR)
        sel = self.uc.reg_read(X.UC_X86_REG_CS)
        desc = int.from_bytes(self.uc.mem_read(base + (sel & ~7), 8), "little")
        return bool(desc >> 53 & 1)

    def _kill(self, why):
        self.error = why
        self.uc.emu_stop()

    def _on_unmapped(self, uc, access, address, size, value, _):
        self._kill(f"EPT violation: GPA {address:#x} ({size} bytes) is not accepted"
                   f" private memory; RIP {self.rip():#x}")
        return False

    def _on_exception(self, uc, intno, _):
        _, _, limit, _ = uc.reg_read(X.UC_X86_REG_IDTR)
        if intno * 16 + 15 > limit:
            return self._kill(f"triple fault: exception {intno} at RIP {self.rip():#x}"
                              " with no IDT entry for it")
        self._kill(f"CPU exception {intno} at RIP {self.rip():#x} (the emulator"
                   " does not deliver them)")

    def _on_insn(self, uc, addr, size, _):
        if self.ended():
            return
        b = bytes(uc.mem_read(addr, 16))
        if b[:4] == b"\x66\x0f\x01\xcc":
            if not self._long_mode_64():
                return self._kill(f"TDCALL outside 64-bit mode (#GP) at {addr:#x}")
            self._tdcall()
            if not self.ended():
                uc.reg_write(X.UC_X86_REG_RIP, addr + 4)
        elif b[:2] == b"\x0f\xa2":                                  # CPUID
            leaf = self.reg("RAX") & 0xFFFFFFFF
            if self.cpuid_ve == "table" and leaf in MODULE_CPUID:
                for r, v in zip(("RAX", "RBX", "RCX", "RDX"), MODULE_CPUID[leaf]):
                    self.set_reg(r, v)
                uc.reg_write(X.UC_X86_REG_RIP, addr + 2)
            else:
                self._inject_ve(10, 0, 2)
        elif b[:2] == b"\x0f\x32" and self.reg("RCX") & 0xFFFFFFFF == MSR_EFER:
            efer = uc.msr_read(MSR_EFER) | 0x801    # SCE, NXE: unicorn lacks them
            self.set_reg("RAX", efer & 0xFFFFFFFF)
            self.set_reg("RDX", efer >> 32)
            uc.reg_write(X.UC_X86_REG_RIP, addr + 2)
        elif b[:2] in (b"\x0f\x32", b"\x0f\x30"):                 # RDMSR, WRMSR
            self._inject_ve(31 if b[1] == 0x32 else 32, 0, 2)
        elif b[0] == 0xF4:                                          # HLT
            self._inject_ve(12, 0, 1)
        else:
            io = self._decode_io(b)
            if io is not None:
                self._inject_ve(30, io[0], io[1])

    @staticmethod
    def _decode_io(b):
        """(exit qualification, length, port or None) for IN/OUT, else None."""
        opsize16 = b[0] == 0x66
        op = b[1] if opsize16 else b[0]
        if op not in IO_OPCODES:
            return None
        size = 1 if op in (0xE4, 0xE6, 0xEC, 0xEE) else (2 if opsize16 else 4)
        inp = op in (0xE4, 0xE5, 0xEC, 0xED)
        imm = op <= 0xE7
        length = (2 if imm else 1) + opsize16
        port = b[1 + opsize16] if imm else None
        return ((size - 1) | inp << 3 | imm << 6, length, port)

    def _inject_ve(self, reason, qual, length):
        uc = self.uc
        if reason == 30:
            _, _, port = self._decode_io(bytes(uc.mem_read(self.rip(), 16)))
            port = self.reg("RDX") & 0xFFFF if port is None else port
            qual |= port << 16
        if not self._long_mode_64():
            return self._kill(f"#VE (exit reason {reason}) in 32-bit mode with no IDT:"
                              f" triple fault at {self.rip():#x}")
        self.counts["ve"] += 1
        if self.ve is not None:
            return self._deliver(8, 0)      # #VE while the information is valid
        self.ve = (reason, qual, 0, 0, length, 0)
        self._deliver(20, None)

    def _mapped(self, gpa, size):
        return all(self.base <= p < GIB4 or p in self.accepted
                   for p in range(gpa & ~(PAGE - 1), gpa + size, PAGE))

    def _deliver(self, vector, error):
        """A 64-bit interrupt-gate delivery on the current stack (no IST)."""
        uc = self.uc
        _, base, limit, _ = uc.reg_read(X.UC_X86_REG_IDTR)
        if vector * 16 + 15 > limit:
            return self._kill(f"vector {vector} beyond the IDT limit: triple fault")
        gate = int.from_bytes(uc.mem_read(base + vector * 16, 16), "little")
        if not gate >> 47 & 1 or (gate >> 40 & 0xF) not in (0xE, 0xF):
            return self._kill(f"vector {vector}: no interrupt gate in the IDT")
        handler = (gate & 0xFFFF) | (gate >> 48 & 0xFFFF) << 16 | (gate >> 64) << 32
        rsp, rip = self.reg("RSP"), self.rip()
        rflags = uc.reg_read(X.UC_X86_REG_EFLAGS)
        frame = [uc.reg_read(X.UC_X86_REG_SS), rsp, rflags,
                 uc.reg_read(X.UC_X86_REG_CS), rip]
        if error is not None:
            frame.append(error)
        new = (rsp & ~0xF) - 8 * len(frame)
        if not self._mapped(new, 8 * len(frame)):
            return self._kill(f"exception frame at {new:#x} is not in private memory")
        for i, v in enumerate(reversed(frame)):
            uc.mem_write(new + 8 * i, v.to_bytes(8, "little"))
        self.set_reg("RSP", new)
        if (gate >> 40 & 0xF) == 0xE:
            uc.reg_write(X.UC_X86_REG_EFLAGS, rflags & ~0x200)
        uc.reg_write(X.UC_X86_REG_RIP, handler)

    # ---- private memory ----

    def _add(self, gpa, size, level):
        """One mapping per accepted leaf: Unicorn has room for only so many."""
        self.uc.mem_map(gpa, size, UC_PROT_ALL)     # zeroed
        for p in range(gpa, gpa + size, PAGE):
            self.accepted[p] = level

    def _remove_page(self, gpa):
        """MapGPA to shared: the page leaves private memory; a 2 MiB leaf
        it was part of is split into 4 KiB leaves first."""
        if self.accepted.get(gpa) == 1:
            for p in range(gpa & ~(PAGE_2M - 1), (gpa & ~(PAGE_2M - 1)) + PAGE_2M, PAGE):
                self.accepted[p] = 0
        if gpa in self.accepted:
            self.uc.mem_unmap(gpa, PAGE)
            del self.accepted[gpa]

    def _accept(self, rcx):
        level, gpa = rcx & 7, rcx & ~0xFFF
        size = PAGE_2M if level == 1 else PAGE
        if rcx & 0xFF8 or rcx >> 52 or level > 1 or gpa % size or gpa & self.shared \
                or gpa >> self.gpaw:
            return TDX_OPERAND_INVALID | 1
        pages = range(gpa, gpa + size, PAGE)
        if any(self.accepted.get(p) == 1 for p in pages):
            return TDX_PAGE_ALREADY_ACCEPTED | 1
        if level == 1 and any(p in self.accepted for p in pages):
            return TDX_PAGE_SIZE_MISMATCH | 1
        if level == 0 and gpa in self.accepted:
            return TDX_PAGE_ALREADY_ACCEPTED
        if gpa + size > self.memory:
            self._kill(f"host: TDG.MEM.PAGE.ACCEPT of GPA {gpa:#x} beyond the TD's"
                       f" {self.memory >> 20} MiB: TD stopped")
            return None
        self._add(gpa, size, level)         # the host's PAGE.AUG, the module's zeroing
        return TDX_SUCCESS

    # ---- the module ----

    def _report(self, rcx, rdx, r8):
        if rcx % 1024:
            return TDX_OPERAND_INVALID | 1
        if rdx % 64:
            return TDX_OPERAND_INVALID | 2
        if r8:
            return TDX_OPERAND_INVALID | 8
        if not self._mapped(rcx, 1024) or not self._mapped(rdx, 64):
            return TDX_OPERAND_INVALID | 1
        tdinfo = (ATTRIBUTES.to_bytes(8, "little") + XFAM.to_bytes(8, "little") +
                  self.mrtd + bytes(3 * 48) + b"".join(self.rtmr)).ljust(512, b"\0")
        mac = bytes([0x81, 0, 0, 0]).ljust(80, b"\0") + hashlib.sha384(tdinfo).digest() + \
            bytes(self.uc.mem_read(rdx, 64))
        mac = mac.ljust(224, b"\0") + hashlib.sha384(mac).digest()[:32]
        self.uc.mem_write(rcx, mac + bytes(256) + tdinfo)
        return TDX_SUCCESS

    def _rtmr_extend(self, rcx, rdx):
        if rcx % 64 or not self._mapped(rcx, 48):
            return TDX_OPERAND_INVALID | 1
        if rdx >= 4:
            return TDX_OPERAND_INVALID | 2
        self.rtmr[rdx] = hashlib.sha384(self.rtmr[rdx] + bytes(self.uc.mem_read(rcx, 48))).digest()
        return TDX_SUCCESS

    def _tdcall(self):
        self.counts["tdcall"] += 1
        rax = self.reg("RAX")
        leaf, version = rax & 0xFFFF, rax >> 16 & 0xFF
        if version or rax >> 24:
            self.set_reg("RAX", TDX_OPERAND_INVALID)
        elif leaf == 0:
            self._tdvmcall()
        elif leaf == 1:                     # TDG.VP.INFO
            for r, v in (("RAX", 0), ("RCX", self.gpaw), ("RDX", ATTRIBUTES),
                         ("R8", 1 | 1 << 32), ("R9", 0), ("R10", 1), ("R11", 0)):
                self.set_reg(r, v)
        elif leaf == 2:
            self.set_reg("RAX", self._rtmr_extend(self.reg("RCX"), self.reg("RDX")))
        elif leaf == 3:                     # TDG.VP.VEINFO.GET
            if self.ve is None:
                vals = (TDX_NO_VALID_VE_INFO, 0, 0, 0, 0, 0)
            else:
                reason, qual, gla, gpa, length, info = self.ve
                vals = (0, reason, qual, gla, gpa, length | info << 32)
                self.ve = None
            for r, v in zip(("RAX", "RCX", "RDX", "R8", "R9", "R10"), vals):
                self.set_reg(r, v)
        elif leaf == 4:
            self.set_reg("RAX", self._report(self.reg("RCX"), self.reg("RDX"), self.reg("R8")))
        elif leaf == 6:
            status = self._accept(self.reg("RCX"))
            if status is not None:
                self.set_reg("RAX", status)
        else:
            self.set_reg("RAX", TDX_OPERAND_INVALID)

    def _tdvmcall(self):
        ctl = self.reg("RCX")
        if ctl >> 32 or ctl & 0x13:         # RAX, RCX, RSP never exposed
            self.set_reg("RAX", TDX_OPERAND_INVALID | 1)
            return
        self.counts["tdvmcall"] += 1
        exposed = [r for i, r in enumerate(GPRS) if ctl >> i & 1]
        host = {r: self.reg(r) if r in exposed else 0 for r in GPRS[2:]}
        outputs = self._host(host, ctl)
        if self.ended():
            return
        for r in exposed:
            # The guest gets every exposed register back as the host left it:
            # here, junk in the ones this call does not answer in.
            self.set_reg(r, host[r] if r in outputs else 0x4A554E4B00000000 | GPRS.index(r))
        self.set_reg("RAX", 0)
        self.set_reg("RCX", ctl)
        if self.clobber:                    # a broken module, for the smoke test
            self.set_reg(self.clobber, 0xBAD0BAD0BAD0BAD0)

    # ---- the host ----

    def _host(self, h, ctl):
        """tdvisor's side of a TDVMCALL; returns the registers it answers in."""
        def answer(status, **out):
            h["R10"] = status
            h.update(out)
            return {"R10", *out}

        if h["R10"] not in (0, PV_LEAF):
            return answer(VMCALL_SUBFUNC_UNSUPPORTED)
        if ctl & EXPOSE_STANDARD != EXPOSE_STANDARD:
            return answer(VMCALL_INVALID_OPERAND)
        if h["R10"] == PV_LEAF:
            return answer(self._pv(h["R11"], h["R12"], h["R13"]))
        fn, a0, a1, a2, a3 = h["R11"], h["R12"], h["R13"], h["R14"], h["R15"]
        if fn == 30:                        # Instruction.IO
            return self._io(a0, a1, a2, a3, answer)
        if fn == 10:                        # Instruction.CPUID
            eax, ebx, ecx, edx = HOST_CPUID.get(a0 & 0xFFFFFFFF, (0, 0, 0, 0))
            return answer(0, R12=eax, R13=ebx, R14=ecx, R15=edx)
        if fn == 12:                        # Instruction.HLT
            return answer(0)
        if fn in (31, 32):                  # Instruction.RDMSR, WRMSR
            if a0 not in self.msrs:
                return answer(VMCALL_INVALID_OPERAND)
            if fn == 32:
                self.msrs[a0] = a1
                return answer(0)
            return answer(0, R11=self.msrs[a0])
        if fn == 48:                        # #VE.RequestMMIO
            last = a2 + a0 - 1
            if a0 not in (1, 2, 4, 8) or a1 > 1 or not a2 & self.shared or \
                    not last & self.shared or last >> self.gpaw:
                return answer(VMCALL_INVALID_OPERAND)
            return answer(0, R11=(1 << 8 * a0) - 1 if a1 == 0 else 0)
        if fn == 0x10000:                   # GetTdVmCallInfo
            if a0 > 1:
                return answer(VMCALL_INVALID_OPERAND)
            return answer(0, R11=0, R12=0, R13=0, R14=0)
        if fn == 0x10001:                   # MapGPA
            return self._map_gpa(a0, a1, answer)
        if fn == 0x10002:                   # GetQuote: no quoting service
            return answer(VMCALL_SUBFUNC_UNSUPPORTED)
        if fn == 0x10003:                   # ReportFatalError
            msg = b"".join(h[r].to_bytes(8, "little") for r in
                           ("R14", "R15", "RBX", "RDI", "RSI", "R8", "R9", "RDX"))
            self.fatal = msg.split(b"\0")[0].decode("ascii", "replace")
            if self.echo:
                print(f"[{self.name}] (host) ReportFatalError, code {a0:#x}:"
                      f" \"{self.fatal}\"")
            self.uc.emu_stop()
            return set()
        if fn == 0x10004:                   # SetupEventNotifyInterrupt
            return answer(0 if 32 <= a0 <= 255 else VMCALL_INVALID_OPERAND)
        return answer(VMCALL_SUBFUNC_UNSUPPORTED)

    def _io(self, size, write, port, value, answer):
        if size not in (1, 2, 4) or write not in (0, 1) or port > 0xFFFF:
            return answer(VMCALL_INVALID_OPERAND)
        value &= (1 << 8 * size) - 1
        if write and port == 0x3F8:
            self._console(value & 0xFF)
        elif write and port == 0xF4:
            self.status = value
            self.uc.emu_stop()
        elif port not in (0x3F8, 0x3FD, 0x80):
            self.unclaimed_io += 1
            if self.unclaimed_io > FLOOD_LIMIT:
                self._kill(f"host: I/O flood: {FLOOD_LIMIT} accesses to unclaimed"
                           f" ports (last {port:#x}): TD stopped")
        if write:
            return answer(0, R11=0)
        return answer(0, R11=0x60 if port == 0x3FD else (1 << 8 * size) - 1)

    def _map_gpa(self, gpa, size, answer):
        end, s = gpa + size, self.shared
        if not size or end > 1 << self.gpaw or gpa & s != (end - 1) & s or \
                (end - 1) & ~s > self.memory - 1:
            return answer(VMCALL_INVALID_OPERAND, R11=gpa)
        if gpa % PAGE or size % PAGE:
            return answer(VMCALL_ALIGN_ERROR, R11=gpa)
        stop = min(end, gpa + MAP_GPA_PAGES_PER_CALL * PAGE)
        for page in range(gpa & ~s, stop & ~s, PAGE):
            if gpa & s:
                self._remove_page(page)
                self.shared_pages.add(page)
            else:
                self.shared_pages.discard(page)     # back to private: pending
        if stop < end:
            return answer(VMCALL_RETRY, R11=stop)
        return answer(VMCALL_SUCCESS)

    def _pv(self, fn, gpa, length):
        if fn != 1:                         # CONSOLE_WRITE only
            return VMCALL_SUBFUNC_UNSUPPORTED
        if length > 4096 or not gpa & self.shared or gpa + length > 1 << self.gpaw or \
                any(p not in self.shared_pages for p in
                    range((gpa & ~self.shared) & ~(PAGE - 1), (gpa & ~self.shared) + length, PAGE)):
            return VMCALL_INVALID_OPERAND
        return VMCALL_SUCCESS                        # the shared pages hold zeros here

    def _console(self, byte):
        if byte == 0x0A:
            self._console_line()
        elif len(self.line) < 159:
            self.line.append(byte)

    def _console_line(self):
        text = self.line.decode("ascii", "replace")
        self.lines.append(text)
        self.line = bytearray()
        if self.echo:
            print(f"[{self.name}] {text}")


def run_image(path, echo=True, **kw):
    with open(path, "rb") as f:
        image = f.read()
    name = os.path.basename(path).rsplit(".", 1)[0]
    return TdEmu(image, name, echo=echo, **kw).run()


def smoke(directory):
    """Each scenario: image, options, then what must hold of the outcome:
    the exit status (None: no exit), a line that must appear, and the
    start of the ReportFatalError message or of the reason it was killed."""
    ok, fail = "Test result: SUCCESS", "Test result: FAILURE"
    scenarios = [
        ("td-test", "td-test", {}, 0, ok, None, None),
        ("td-test, every CPUID a #VE", "td-test", {"cpuid_ve": "all"}, 0, ok, None, None),
        ("td-test, GPAW 52", "td-test", {"gpaw": 52}, 0, ok, None, None),
        ("td-test, module clobbers RSI", "td-test", {"clobber": "RSI"}, None,
         "Test result: FAILURE (case unexposed-registers): TDG.VP.VMCALL changed RSI",
         "FAILURE (case unexposed-registers): TDG.VP.VMCALL changed RSI", None),
        ("td-mem", "td-mem", {}, 0, ok, None, None),
        ("td-mem, 4 MiB initial memory", "td-mem", {"initial_memory": 4 << 20}, 0,
         "td-mem: accepted 16 MiB of RAM: 6 2M pages, 0 4K pages, 1024 4K pages already"
         " accepted", None, None),
        ("td-badcalls", "td-badcalls", {}, 0, ok, None, None),
        ("td-badmap", "td-badmap", {}, 0, ok, None, None),
        ("td-greedy", "td-greedy", {"memory": 4 << 20}, None,
         "td-greedy: accepting 2 MiB at GPA 0x400000", None,
         "host: TDG.MEM.PAGE.ACCEPT of GPA 0x400000 beyond the TD's 4 MiB"),
        ("td-flood", "td-flood", {}, None, "td-flood: outb to port 0x1234", None,
         "host: I/O flood"),
        ("td-triple", "td-triple", {}, None, "td-triple: triple fault starting", None,
         "triple fault"),
    ]
    failed = 0
    for label, image, kw, want_status, want_line, want_fatal, want_error in scenarios:
        td = run_image(os.path.join(directory, image + ".bin"), echo=False, **kw)
        problems = []
        if (td.error or "").startswith(want_error or "\0") is False and td.error:
            problems.append(td.error)
        if want_error and not (td.error or "").startswith(want_error):
            problems.append(f"not stopped with \"{want_error}...\"")
        if td.status != want_status:
            problems.append(f"exit status {td.status}, expected {want_status}")
        if want_fatal is not None and not (td.fatal or "").startswith(want_fatal):
            problems.append(f"ReportFatalError {td.fatal!r}, expected {want_fatal!r}...")
        if want_fatal is None and td.fatal is not None:
            problems.append(f"unexpected ReportFatalError {td.fatal!r}")
        if not any(line.startswith(want_line) for line in td.lines):
            problems.append(f"no line \"{want_line}\"")
        if want_status == 0 and any(line.startswith(fail) for line in td.lines):
            problems.append("a FAILURE line")
        if problems:
            failed += 1
            print(f"FAIL {label}: " + "; ".join(problems))
            for line in td.lines[-12:]:
                print(f"     | {line}")
        else:
            print(f"PASS {label} ({len(td.lines)} lines, {td.counts['tdcall']} TDCALLs,"
                  f" {td.counts['ve']} #VEs)")
    print(f"td-emu-smoke: {len(scenarios) - failed} passed, {failed} failed")
    return 1 if failed else 0


def size(text):
    return int(text, 0)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("image", help="a TD image, or with --smoke the directory of them")
    p.add_argument("--smoke", action="store_true")
    p.add_argument("--gpaw", type=int, choices=(48, 52), default=48)
    p.add_argument("--memory", type=size, default=16 << 20)
    p.add_argument("--initial-memory", type=size, default=0)
    p.add_argument("--cpuid-ve", choices=("table", "all"), default="table")
    p.add_argument("--clobber", choices=GPRS[2:], help="a register the module breaks")
    a = p.parse_args()
    if a.smoke:
        sys.exit(smoke(a.image))
    td = run_image(a.image, gpaw=a.gpaw, memory=a.memory, initial_memory=a.initial_memory,
                   cpuid_ve=a.cpuid_ve, clobber=a.clobber)
    if td.error:
        print(f"td-emu: TD stopped: {td.error}")
    print(f"td-emu: exit status {td.status}, {td.counts['tdcall']} TDCALLs"
          f" ({td.counts['tdvmcall']} TDVMCALLs), {td.counts['ve']} #VEs")
    sys.exit(0 if td.status == 0 and not td.error else 1)


if __name__ == "__main__":
    main()
