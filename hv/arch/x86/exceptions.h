/* Exception frames, fixups and the CPU-state dump used by panic. */
#ifndef HV_ARCH_X86_EXCEPTIONS_H
#define HV_ARCH_X86_EXCEPTIONS_H

#include "../../types.h"

struct exception_frame {
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
	uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
	uint64_t vector, error_code;
	uint64_t rip, cs, rflags, rsp, ss;   /* pushed by the CPU */
};

/* An instruction allowed to fault: the handler resumes at fixup instead of
 * panicking (rdmsr_safe, and later the SEAMCALL probe on CPUs without TDX). */
struct extable_entry {
	uint64_t insn;
	uint64_t fixup;
};

void exception_handler(struct exception_frame *f);
void dump_registers(const struct exception_frame *f);
void dump_stack_trace(uint64_t rbp);

#endif
