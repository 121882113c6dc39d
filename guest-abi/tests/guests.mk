# Test guests for plain VMs: flat images loaded at GPA 0x100000 (README.md
# beside guest-abi/tdvisor_pv.h). Included by the top-level Makefile, or on
# its own: `make -f guest-abi/tests/guests.mk` (from the repository root).
#
#   guests              build $(GUEST_IMAGES) and $(TD_GUEST_IMAGES)
#   guests-native-smoke boot each VM image on QEMU without tdvisor
#   guests-td-emu-smoke run each Trust Domain image in td_emu.py (below)

# Included after other rules: keep the includer's default goal. On its own:
# make `guests` the default.
GUEST_SAVED_GOAL := $(.DEFAULT_GOAL)
ifeq ($(words $(MAKEFILE_LIST)),1)
GUEST_SAVED_GOAL := guests
endif

BUILD       ?= build
GUEST_DIR   := guest-abi/tests
GUEST_OUT   := $(BUILD)/guests
GUEST_NAMES := vm-test vm-triple-fault vm-wild-ept vm-io-flood vm-tight-loop
GUEST_IMAGES := $(patsubst %,$(GUEST_OUT)/%.bin,$(GUEST_NAMES))

# Freestanding, no red zone (exceptions push onto the interrupted stack),
# general registers only (no SSE state to set up), everything below 2 GiB.
GUEST_CFLAGS := -std=gnu11 -m64 -O2 -Wall -Wextra -Werror -ffreestanding \
                -fno-pic -fno-pie -mno-red-zone -mcmodel=small \
                -mgeneral-regs-only -fno-stack-protector -fno-common \
                -fno-asynchronous-unwind-tables -fno-tree-loop-distribute-patterns \
                -nostdinc -isystem $(shell $(CC) -print-file-name=include) -I.
GUEST_LDFLAGS := -nostdlib -static -no-pie -Wl,--build-id=none \
                 -Wl,-z,max-page-size=0x1000 -Wl,--no-warn-rwx-segments \
                 -Wl,-T,$(GUEST_DIR)/guest.ld
GUEST_RT_OBJS := $(patsubst %,$(GUEST_OUT)/obj/%.o,entry exceptions regs rt console)

.PHONY: guests guests-native-smoke

guests: $(GUEST_IMAGES)

$(GUEST_OUT)/obj/%.o: $(GUEST_DIR)/%.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(GUEST_CFLAGS) -MMD -MP -c $< -o $@

$(GUEST_OUT)/obj/%.o: $(GUEST_DIR)/%.S
	@mkdir -p $(dir $@)
	@echo "  AS      $<"
	@$(CC) $(GUEST_CFLAGS) -D__ASSEMBLY__ -MMD -MP -c $< -o $@

# vm-triple-fault.elf <- vm_triple_fault.o + the runtime
define GUEST_IMAGE_RULES
$(GUEST_OUT)/$(1).elf: $(GUEST_OUT)/obj/$(subst -,_,$(1)).o $(GUEST_RT_OBJS) $(GUEST_DIR)/guest.ld
	@echo "  LD      $$@"
	@$(CC) $(GUEST_LDFLAGS) -o $$@ $(GUEST_OUT)/obj/$(subst -,_,$(1)).o $(GUEST_RT_OBJS)
endef
$(foreach g,$(GUEST_NAMES),$(eval $(call GUEST_IMAGE_RULES,$(g))))

# The file must end exactly at __image_end: the multiboot header's
# load_end_addr, and everything tdvisor copies.
$(GUEST_OUT)/%.bin: $(GUEST_OUT)/%.elf
	@echo "  OBJCOPY $@"
	@objcopy -O binary $< $@
	@end=$$(nm $< | awk '$$3 == "__image_end" { print $$1 }'); \
	size=$$(stat -c %s $@); \
	if [ $$((0x$$end - 0x100000)) -ne $$size ]; then \
		echo "error: $@ is $$size bytes, __image_end says $$((0x$$end - 0x100000))"; \
		rm -f $@; exit 1; \
	fi

guests-native-smoke: $(GUEST_IMAGES)
	@$(GUEST_DIR)/native-smoke.sh $(GUEST_OUT)

.SECONDARY: $(patsubst %,$(GUEST_OUT)/%.elf,$(GUEST_NAMES))

-include $(wildcard $(GUEST_OUT)/obj/*.d)

# ---- Trust Domain test guests (README.md, "Trust Domain test guests") ----
# Flat images whose last byte the host adds at GPA 0xffffffff, entered at
# the reset vector in their last 16 bytes (td_guest.ld). Linked just below
# 4 GiB, so built position-independent (-fpie: RIP-relative addressing;
# -mcmodel=small's sign-extended 32-bit addresses stop at 2 GiB), with the
# VM runtime's console.c and exceptions.S rebuilt the same way. td-test
# also links the hypervisor's SHA-384 to compute an RTMR extension, the
# hostile td-badcalls and td-badmap their table runner.
TD_GUEST_NAMES   := td-test td-mem td-badcalls td-badmap td-greedy td-flood td-triple td-spin td-timer td-bench td-smp
TD_GUEST_IMAGES  := $(patsubst %,$(GUEST_OUT)/%.bin,$(TD_GUEST_NAMES))
# -g: symbols and locals for gdb on a debug TD (tests/boot/run.sh td-gdb);
# it changes no code, so the images and their MRTD stay the same.
TD_GUEST_CFLAGS  := $(filter-out -fno-pic -fno-pie -mcmodel=small,$(GUEST_CFLAGS)) -fpie -g
TD_GUEST_LDFLAGS := -nostdlib -static -no-pie -Wl,--build-id=none \
                    -Wl,-z,max-page-size=0x1000 -Wl,--no-warn-rwx-segments \
                    -Wl,-T,$(GUEST_DIR)/td_guest.ld
TD_GUEST_RT_OBJS := $(patsubst %,$(GUEST_OUT)/td-obj/%.o,td_entry td_regs td_rt td_ghci \
                    td_memory console exceptions)
TD_GUEST_EXTRA_td-test := $(GUEST_OUT)/td-obj/sha384.o
TD_GUEST_EXTRA_td-badcalls := $(GUEST_OUT)/td-obj/td_bad_calls.o
TD_GUEST_EXTRA_td-badmap := $(GUEST_OUT)/td-obj/td_bad_calls.o

.PHONY: guests-td-emu-smoke

guests: $(TD_GUEST_IMAGES)

$(GUEST_OUT)/td-obj/%.o: $(GUEST_DIR)/%.c
	@mkdir -p $(dir $@)
	@echo "  CC      $< (TD)"
	@$(CC) $(TD_GUEST_CFLAGS) -MMD -MP -c $< -o $@

$(GUEST_OUT)/td-obj/%.o: $(GUEST_DIR)/%.S
	@mkdir -p $(dir $@)
	@echo "  AS      $< (TD)"
	@$(CC) $(TD_GUEST_CFLAGS) -D__ASSEMBLY__ -MMD -MP -c $< -o $@

$(GUEST_OUT)/td-obj/sha384.o: seam/crypto/sha384.c
	@mkdir -p $(dir $@)
	@echo "  CC      $< (TD)"
	@$(CC) $(TD_GUEST_CFLAGS) -MMD -MP -c $< -o $@

# td-test.elf <- td_test.o + the TD runtime (+ TD_GUEST_EXTRA_td-test)
define TD_GUEST_IMAGE_RULES
$(GUEST_OUT)/$(1).elf: $(GUEST_OUT)/td-obj/$(subst -,_,$(1)).o $(TD_GUEST_RT_OBJS) \
		$(TD_GUEST_EXTRA_$(1)) $(GUEST_DIR)/td_guest.ld
	@echo "  LD      $$@"
	@$(CC) $(TD_GUEST_LDFLAGS) -o $$@ $(GUEST_OUT)/td-obj/$(subst -,_,$(1)).o \
		$(TD_GUEST_RT_OBJS) $(TD_GUEST_EXTRA_$(1))
endef
$(foreach g,$(TD_GUEST_NAMES),$(eval $(call TD_GUEST_IMAGE_RULES,$(g))))

# The file must be the whole image: from __image_start to 4 GiB, a multiple
# of 4 KiB, with the reset vector's JMP rel32 (E9) at offset size - 16. (A
# more specific pattern than the VM guests' %.bin.)
$(GUEST_OUT)/td-%.bin: $(GUEST_OUT)/td-%.elf
	@echo "  OBJCOPY $@"
	@objcopy -O binary $< $@
	@start=$$(nm $< | awk '$$3 == "__image_start" { print $$1 }'); \
	size=$$(stat -c %s $@); \
	jmp=$$(od -An -tx1 -j $$((size - 16)) -N1 $@ | tr -d ' '); \
	if [ $$((0x100000000 - 0x$$start)) -ne $$size ] || [ $$((size % 4096)) -ne 0 ] || \
	   [ "$$jmp" != e9 ]; then \
		echo "error: $@: $$size bytes from 0x$$start, byte at size - 16 is $$jmp"; \
		rm -f $@; exit 1; \
	fi

# td-bench padded at the front to 1 MiB, a realistic image for the build
# benchmark; the padding starts with the TD's RAM in MiB as decimal text
# (td_bench.c): td-bench-<N>m.bin goes with a manifest giving <N> MiB.
TD_BENCH_IMAGES := $(patsubst %,$(GUEST_OUT)/td-bench-%m.bin,64 1024)
TD_BENCH_IMAGE_SIZE := 1048576

guests: $(TD_BENCH_IMAGES)

$(GUEST_OUT)/td-bench-%m.bin: $(GUEST_OUT)/td-bench.bin
	@echo "  PAD     $@"
	@mib='$*'; pad=$$(($(TD_BENCH_IMAGE_SIZE) - $${#mib} - $$(stat -c %s $<))); \
	{ printf '%s' "$$mib"; head -c $$pad /dev/zero; cat $<; } > $@

# Runs each TD image in a CPU emulator that plays the TDX module and the
# host (td_emu.py; skipped without python3-unicorn).
guests-td-emu-smoke: $(TD_GUEST_IMAGES)
	@python3 $(GUEST_DIR)/td_emu.py --smoke $(GUEST_OUT)

.SECONDARY: $(patsubst %,$(GUEST_OUT)/%.elf,$(TD_GUEST_NAMES))

-include $(wildcard $(GUEST_OUT)/td-obj/*.d)

.DEFAULT_GOAL := $(GUEST_SAVED_GOAL)
