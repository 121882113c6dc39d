#!/usr/bin/env python3
"""Runs a Trust Domain test-guest image in a CPU emulator (Unicorn) that plays
the TDX module and the host, following the boot contract in README.md
("Trust Domain test guests") and shared/TDX-TD-ABI.md. No TDX hardware
and no tdvisor: this checks the guest, not the module.

What it models:
  - memory: the image ending at GPA 4 GiB and private RAM [0, 2 MiB), nothing
    else (any other access is an EPT violation that kills the TD);
  - the initial vCPU state: RIP 0xfffffff0, 32-bit protected mode, paging
    off, EFER.LME set, RBX = GPAW, RCX = R8 = 0, RDX = CPUID(1).EAX, RSI = 0;
  - TDCALL (66 0F 01 CC; #GP outside 64-bit mode): TDG.VP.INFO,
    TDG.VP.VEINFO.GET, TDG.VP.VMCALL with the GPR exposure bitmap (registers
    not exposed are kept; exposed ones come back as the host left them, and
    this host scribbles over the ones it does not answer in);
  - #VE (vector 20, through the guest's IDT) for port I/O, HLT and CPUID
    leaves outside the module's table (or every CPUID with --cpuid-ve=all);
    a #VE while the VE information is still valid becomes #DF;
  - the host: GHCI Instruction.IO (COM1 output collected into lines, port
    0xf4 ends the TD), Instruction.CPUID (tdvisor's leaves 0x40000000-1),
    ReportFatalError.

Usage:
  td_emu.py IMAGE [--gpaw N] [--cpuid-ve table|all] [--clobber REG]
      prints the console, exits 0 when the TD ends with status 0
  td_emu.py --smoke DIR
      runs DIR/td-test.bin in the scenarios of smoke() and checks each
      outcome: one "PASS <name>" or "FAIL <name>" line each (tests/check.sh
      style), then "td-emu-smoke: N passed, N failed"
"""
import argparse
import os
import sys

try:
    from unicorn import Uc, UcError, UC_ARCH_X86, UC_MODE_64, UC_HOOK_CODE, \
        UC_HOOK_INTR, UC_HOOK_MEM_UNMAPPED
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
RAM_SIZE = 2 << 20
FMS = 0x000806F8                    # CPUID(1).EAX the "platform" reports
STUB = 0x7F000000                   # the harness's own mode-switch code
MAX_INSNS = 20_000_000

TDX_SUCCESS = 0
TDX_OPERAND_INVALID = 0xC000010000000000
TDX_NO_VALID_VE_INFO = 0xC000070400000000
TDVMCALL_INVALID_OPERAND = 0x8000000000000000

# GPR numbers of the TDVMCALL exposure bitmap, and their unicorn ids.
GPRS = ["RAX", "RCX", "RDX", "RBX", "RSP", "RBP", "RSI", "RDI",
        "R8", "R9", "R10", "R11", "R12", "R13", "R14", "R15"]
UC_GPR = {name: getattr(X, "UC_X86_REG_" + name) for name in GPRS}

# Leaves the module answers itself (ABI doc section 4, the ones td-test
# uses); everything else #VEs to the guest.
MODULE_CPUID = {0: (0x23, 0x756E6547, 0x6C65746E, 0x49656E69),  # GenuineIntel
                1: (FMS, 0, 0, 0)}
HOST_CPUID = {0: (0x20, 0x756E6547, 0x6C65746E, 0x49656E69),
              1: (FMS, 0, 0x80000000, 0),
              0x40000000: (0x40000001, 0x49564454, 0x54524F53, 0x53495644),
              0x40000001: (1, 0, 0, 0)}


class TdEmu:
    def __init__(self, image, name, gpaw=48, cpuid_ve="table", clobber=None,
                 echo=True):
        if len(image) % 4096 or not 0 < len(image) <= 0x10000:
            raise SystemExit(f"td-emu: {name}: image size {len(image)} is not a"
                             " multiple of 4 KiB up to 64 KiB")
        self.name, self.gpaw, self.cpuid_ve = name, gpaw, cpuid_ve
        self.clobber, self.echo = clobber, echo
        self.base = GIB4 - len(image)
        self.lines, self.line = [], bytearray()
        self.status = None          # exit port value
        self.fatal = None           # ReportFatalError message
        self.error = None           # anything that kills the TD otherwise
        self.ve = None              # pending VE information, or None
        self.counts = {"tdcall": 0, "tdvmcall": 0, "ve": 0}

        uc = self.uc = Uc(UC_ARCH_X86, UC_MODE_64)
        uc.mem_map(0, RAM_SIZE)
        uc.mem_map(self.base, len(image))
        uc.mem_write(self.base, image)
        self._enter_reset_state()
        uc.hook_add(UC_HOOK_CODE, self._on_insn, begin=self.base, end=GIB4 - 1)
        uc.hook_add(UC_HOOK_INTR, self._on_exception)
        uc.hook_add(UC_HOOK_MEM_UNMAPPED, self._on_unmapped)

    # ---- the initial state ----

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
        uc.reg_write(X.UC_X86_REG_RDX, FMS)
        uc.reg_write(X.UC_X86_REG_EFLAGS, 0x2)
        if uc.msr_read(0xC0000080) & 0x500 != 0x100:
            raise SystemExit("td-emu: could not put the CPU in 32-bit mode with EFER.LME")

    # ---- running ----

    def run(self):
        try:
            self.uc.emu_start(0xFFFFFFF0, 0, count=MAX_INSNS)
        except UcError as e:
            if not self.ended():
                self.error = f"emulation stopped: {e} at RIP {self.rip():#x}"
        if not self.ended():
            self.error = f"still running after {MAX_INSNS} instructions (RIP {self.rip():#x})"
        if self.line:
            self._console_line()
        return self

    def ended(self):
        return self.status is not None or self.fatal is not None or self.error is not None

    def _end(self):
        self.uc.emu_stop()

    def rip(self):
        return self.uc.reg_read(X.UC_X86_REG_RIP)

    def reg(self, name):
        return self.uc.reg_read(UC_GPR[name])

    def set_reg(self, name, value):
        self.uc.reg_write(UC_GPR[name], value & (2**64 - 1))

    def _long_mode_64(self):
        """CS.L of the current code segment, from the guest's GDT."""
        if not self.uc.msr_read(0xC0000080) & 0x400:
            return False
        _, base, _, _ = self.uc.reg_read(X.UC_X86_REG_GDTR)
        sel = self.uc.reg_read(X.UC_X86_REG_CS)
        desc = int.from_bytes(self.uc.mem_read(base + (sel & ~7), 8), "little")
        return bool(desc >> 53 & 1)

    def _kill(self, why):
        self.error = why
        self._end()

    def _on_unmapped(self, uc, access, address, size, value, _):
        self._kill(f"EPT violation: GPA {address:#x} ({size} bytes) was never added;"
                   f" RIP {self.rip():#x}")
        return False

    def _on_exception(self, uc, intno, _):
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
            uc.reg_write(X.UC_X86_REG_RIP, addr + 4)
        elif b[:2] == b"\x0f\xa2":                                  # CPUID
            leaf = self.reg("RAX") & 0xFFFFFFFF
            if self.cpuid_ve == "table" and leaf in MODULE_CPUID:
                for r, v in zip(("RAX", "RBX", "RCX", "RDX"), MODULE_CPUID[leaf]):
                    self.set_reg(r, v)
                uc.reg_write(X.UC_X86_REG_RIP, addr + 2)
            else:
                self._inject_ve(10, 0, 2)
        elif b[:2] == b"\x0f\x32" and self.reg("RCX") & 0xFFFFFFFF == 0xC0000080:
            efer = uc.msr_read(0xC0000080) | 0x801  # SCE, NXE: unicorn lacks them
            self.set_reg("RAX", efer & 0xFFFFFFFF)
            self.set_reg("RDX", efer >> 32)
            uc.reg_write(X.UC_X86_REG_RIP, addr + 2)
        elif b[0] == 0xF4:                                          # HLT
            self._inject_ve(12, 0, 1)
        else:
            io = self._decode_io(b)
            if io is not None:
                self._inject_ve(30, io[0], io[1])

    @staticmethod
    def _decode_io(b):
        """(exit qualification, length) for IN/OUT, else None."""
        opsize16 = b[0] == 0x66
        op = b[1] if opsize16 else b[0]
        if op not in (0xE4, 0xE5, 0xE6, 0xE7, 0xEC, 0xED, 0xEE, 0xEF):
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
        if not 0 <= new < RAM_SIZE - 8 * len(frame):
            return self._kill(f"exception frame at {new:#x} is outside the RAM")
        for i, v in enumerate(reversed(frame)):
            uc.mem_write(new + 8 * i, v.to_bytes(8, "little"))
        self.set_reg("RSP", new)
        if (gate >> 40 & 0xF) == 0xE:
            uc.reg_write(X.UC_X86_REG_EFLAGS, rflags & ~0x200)
        uc.reg_write(X.UC_X86_REG_RIP, handler)

    # ---- the module ----

    def _tdcall(self):
        self.counts["tdcall"] += 1
        rax = self.reg("RAX")
        leaf, version = rax & 0xFFFF, rax >> 16 & 0xFF
        if version or rax >> 24:
            self.set_reg("RAX", TDX_OPERAND_INVALID)
        elif leaf == 0:
            self._tdvmcall()
        elif leaf == 1:                     # TDG.VP.INFO
            for r, v in (("RAX", 0), ("RCX", self.gpaw), ("RDX", 0),
                         ("R8", 1 | 1 << 32), ("R9", 0), ("R10", 1), ("R11", 0)):
                self.set_reg(r, v)
        elif leaf == 3:                     # TDG.VP.VEINFO.GET
            if self.ve is None:
                vals = (TDX_NO_VALID_VE_INFO, 0, 0, 0, 0, 0)
            else:
                reason, qual, gla, gpa, length, info = self.ve
                vals = (0, reason, qual, gla, gpa, length | info << 32)
                self.ve = None
            for r, v in zip(("RAX", "RCX", "RDX", "R8", "R9", "R10"), vals):
                self.set_reg(r, v)
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
        outputs = self._host(host)
        for r in exposed:
            # The guest gets every exposed register back as the host left it:
            # here, junk in the ones this call does not answer in.
            self.set_reg(r, host[r] if r in outputs else 0x4A554E4B00000000 | GPRS.index(r))
        self.set_reg("RAX", 0)
        self.set_reg("RCX", ctl)
        if self.clobber:                    # a broken module, for the smoke test
            self.set_reg(self.clobber, 0xBAD0BAD0BAD0BAD0)

    def _host(self, h):
        """tdvisor's side of a TDVMCALL; returns the registers it answers in."""
        if h["R10"] != 0:
            h["R10"] = TDVMCALL_INVALID_OPERAND
            return {"R10"}
        fn = h["R11"]
        if fn == 30:                        # Instruction.IO
            size, write, port, value = h["R12"], h["R13"], h["R14"], h["R15"]
            if size not in (1, 2, 4) or write not in (0, 1) or port > 0xFFFF:
                h["R10"] = TDVMCALL_INVALID_OPERAND
                return {"R10"}
            value &= (1 << 8 * size) - 1
            h["R10"], h["R11"] = 0, 0
            if write and port == 0x3F8:
                self._console(value & 0xFF)
            elif write and port == 0xF4:
                self.status = value
                self._end()
            elif not write:
                h["R11"] = 0x60 if port == 0x3FD else (1 << 8 * size) - 1
            return {"R10", "R11"}
        if fn == 10:                        # Instruction.CPUID
            regs = HOST_CPUID.get(h["R12"] & 0xFFFFFFFF, (0, 0, 0, 0))
            h["R10"] = 0
            h["R12"], h["R13"], h["R14"], h["R15"] = regs
            return {"R10", "R12", "R13", "R14", "R15"}
        if fn == 0x10003:                   # ReportFatalError
            msg = b"".join(h[r].to_bytes(8, "little") for r in
                           ("R14", "R15", "RBX", "RDI", "RSI", "R8", "R9", "RDX"))
            self.fatal = msg.split(b"\0")[0].decode("ascii", "replace")
            if self.echo:
                print(f"[{self.name}] (host) ReportFatalError, code {h['R12']:#x}:"
                      f" \"{self.fatal}\"")
            self._end()
            return set()
        h["R10"] = TDVMCALL_INVALID_OPERAND
        return {"R10"}

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
    """Each scenario: options, then what must hold of the outcome."""
    path = os.path.join(directory, "td-test.bin")
    scenarios = [
        ("td-test", {}, 0, "Test result: SUCCESS", None),
        ("td-test, every CPUID a #VE", {"cpuid_ve": "all"}, 0, "Test result: SUCCESS", None),
        ("td-test, GPAW 52", {"gpaw": 52}, None,
         "Test result: FAILURE: boot RBX (GPAW) is 52", "FAILURE: boot RBX (GPAW) is 52"),
        ("td-test, module clobbers RSI", {"clobber": "RSI"}, None,
         "Test result: FAILURE: TDG.VP.VMCALL changed RSI", "FAILURE: TDG.VP.VMCALL changed RSI"),
    ]
    failed = 0
    for label, kw, want_status, want_line, want_fatal in scenarios:
        td = run_image(path, echo=False, **kw)
        problems = []
        if td.error:
            problems.append(td.error)
        if want_status is not None and td.status != want_status:
            problems.append(f"exit status {td.status}, expected {want_status}")
        if want_fatal is not None and not (td.fatal or "").startswith(want_fatal):
            problems.append(f"ReportFatalError {td.fatal!r}, expected {want_fatal!r}...")
        if want_fatal is None and td.fatal is not None:
            problems.append(f"unexpected ReportFatalError {td.fatal!r}")
        if not any(line.startswith(want_line) for line in td.lines):
            problems.append(f"no line \"{want_line}\"")
        if problems:
            failed += 1
            print(f"FAIL {label}: " + "; ".join(problems))
            for line in td.lines:
                print(f"     | {line}")
        else:
            print(f"PASS {label} ({len(td.lines)} lines, {td.counts['tdcall']} TDCALLs,"
                  f" {td.counts['ve']} #VEs)")
    print(f"td-emu-smoke: {len(scenarios) - failed} passed, {failed} failed")
    return 1 if failed else 0


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("image", help="a TD image, or with --smoke the directory of them")
    p.add_argument("--smoke", action="store_true")
    p.add_argument("--gpaw", type=int, default=48)
    p.add_argument("--cpuid-ve", choices=("table", "all"), default="table")
    p.add_argument("--clobber", choices=GPRS[2:], help="a register the module breaks")
    a = p.parse_args()
    if a.smoke:
        sys.exit(smoke(a.image))
    td = run_image(a.image, gpaw=a.gpaw, cpuid_ve=a.cpuid_ve, clobber=a.clobber)
    if td.error:
        print(f"td-emu: TD killed: {td.error}")
    print(f"td-emu: exit status {td.status}, {td.counts['tdcall']} TDCALLs"
          f" ({td.counts['tdvmcall']} TDVMCALLs), {td.counts['ve']} #VEs")
    sys.exit(0 if td.status == 0 and not td.error else 1)


if __name__ == "__main__":
    main()
