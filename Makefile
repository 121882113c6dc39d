# tdvisor build. `make` builds the hypervisor image, `make iso` the bootable
# GRUB ISO, `make run` boots it in Bochs, `make check` runs every test tier.

BUILD      ?= build
CC         := gcc
HOSTCC     := gcc
CLANG      := clang
VERSION    := $(shell git describe --always --dirty 2>/dev/null || echo unknown)

# Hypervisor code: freestanding, no red zone (interrupts use the stack), no
# SSE/AVX (guest state lives there), frame pointers for panic stack traces,
# unwind tables in .debug_frame rather than the discarded .eh_frame so gdb
# (the GDB stub) unwinds through functions whose prologue gcc moved.
HV_CFLAGS  := -std=gnu11 -O2 -g -Wall -Wextra -Werror -ffreestanding -fno-pic \
              -fno-pie -mno-red-zone -mcmodel=small -mgeneral-regs-only \
              -mno-mmx -mno-sse -mno-sse2 -mno-avx -fno-stack-protector \
              -fno-omit-frame-pointer -fno-strict-aliasing -fno-common \
              -fno-asynchronous-unwind-tables \
              -nostdinc -isystem $(shell $(CC) -print-file-name=include) \
              -I. -I$(BUILD)/jsmn-include
HV_LDFLAGS := -nostdlib -static -no-pie -Wl,--build-id=none -Wl,-z,noexecstack \
              -Wl,-z,max-page-size=0x1000 -Wl,-T,linker.ld

HV_SRCS    := $(sort $(shell find boot hv seam -name '*.c' -o -name '*.S'))
HV_OBJS    := $(patsubst %,$(BUILD)/obj/%.o,$(HV_SRCS)) $(BUILD)/obj/version.o

# Host unit tests: the same .c files under ASan/UBSan behind tests/unit/shim.
UNIT_CFLAGS := -std=gnu11 -g -O1 -Wall -Wextra -Werror -I. \
               -fsanitize=address,undefined -fno-sanitize-recover=all \
               -fno-omit-frame-pointer -DHOST_TEST
UNIT_COMMON := tests/unit/test_main.c tests/unit/shim.c hv/lib/format.c \
               hv/log_levels.c
UNIT_TESTS  := $(patsubst tests/unit/%.c,$(BUILD)/unit/%,$(wildcard tests/unit/test_*.c))
UNIT_TESTS  := $(filter-out $(BUILD)/unit/test_main,$(UNIT_TESTS))

FUZZ_SECONDS ?= 60
FUZZ_TARGETS := $(patsubst tests/fuzz/%.c,$(BUILD)/fuzz/%,$(wildcard tests/fuzz/fuzz_*.c))

# make iso / make run: a demo Trust Domain (td-test) under whichever TDX
# module answers; manifests/default.json (no guests) is the boot tests'.
MANIFEST   ?= manifests/demo.json
CMDLINE    ?=

.PHONY: all iso run check deps unit boot-qemu boot-bochs fuzz tools bench clean

all: $(BUILD)/tdvisor.elf tools guests

deps:
	@./tools/deps.sh

# jsmn is header-only; the freestanding build sees it alone, not /usr/include.
$(BUILD)/jsmn-include/jsmn.h: /usr/include/jsmn.h
	@mkdir -p $(dir $@)
	cp $< $@

$(BUILD)/obj/%.c.o: %.c | $(BUILD)/jsmn-include/jsmn.h
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(HV_CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/obj/%.S.o: %.S
	@mkdir -p $(dir $@)
	@echo "  AS      $<"
	@$(CC) $(HV_CFLAGS) -D__ASSEMBLY__ -MMD -MP -c $< -o $@

# The version string lives in one generated object, rewritten only when the
# git description changes, so a commit does not rebuild everything.
$(BUILD)/version.c: FORCE
	@mkdir -p $(dir $@)
	@echo 'const char tdvisor_version[] = "$(VERSION)";' > $@.tmp
	@cmp -s $@.tmp $@ && rm -f $@.tmp || mv $@.tmp $@

$(BUILD)/obj/version.o: $(BUILD)/version.c
	@$(CC) $(HV_CFLAGS) -c $< -o $@

FORCE:

$(BUILD)/tdvisor.elf: $(HV_OBJS) linker.ld
	@echo "  LD      $@"
	@$(CC) $(HV_LDFLAGS) -o $@ $(HV_OBJS)
	@grub-file --is-x86-multiboot2 $@ 2>/dev/null || \
		{ command -v grub-file >/dev/null && echo "error: $@ has no valid multiboot2 header" && rm -f $@ && exit 1; } || true

iso: $(BUILD)/tdvisor.iso

# Every test guest goes in as a module named after it, so any manifest
# naming them boots from this ISO (make iso, make run).
GUEST_MODULES = $(foreach g,$(GUEST_IMAGES) $(TD_GUEST_IMAGES) $(TD_BENCH_IMAGES),\
		  -M $(g):$(basename $(notdir $(g))))
$(BUILD)/tdvisor.iso: $(BUILD)/tdvisor.elf $(MANIFEST) tools/mkiso.sh guests
	./tools/mkiso.sh -o $@ -m $(MANIFEST) -c "$(CMDLINE)" \
		$(GUEST_MODULES) $(BUILD)/tdvisor.elf

tools: $(BUILD)/manifest-check $(BUILD)/tdmr-plan $(BUILD)/tdx-measure

$(BUILD)/manifest-check: tools/manifest-check.c hv/manifest.c hv/manifest_json.c hv/manifest.h hv/manifest_json.h hv/lib/format.c hv/log_levels.c
	@mkdir -p $(dir $@)
	$(HOSTCC) -std=gnu11 -O2 -g -Wall -Wextra -Werror -I. -o $@ \
		tools/manifest-check.c hv/manifest.c hv/manifest_json.c hv/lib/format.c hv/log_levels.c

HOST_DEPS := $(HV_SRCS) $(shell find hv seam -name '*.[ch]' 2>/dev/null)

TDX_MEASURE_SRCS := tools/tdx-measure.c hv/manifest.c hv/manifest_json.c hv/tdx/td_layout.c seam/measure.c \
	seam/crypto/sha384.c hv/lib/format.c hv/log_levels.c

$(BUILD)/tdx-measure: $(TDX_MEASURE_SRCS) hv/manifest.h hv/tdx/td_layout.h seam/measure.h
	@mkdir -p $(dir $@)
	$(HOSTCC) -std=gnu11 -O2 -g -Wall -Wextra -Werror -I. -o $@ $(TDX_MEASURE_SRCS)

$(BUILD)/tdmr-plan: tools/tdmr-plan.c hv/tdx/tdmr.c hv/tdx/tdmr.h hv/tdx/linux_tdmr.c seam/tdmr_check.c seam/tdmr_check.h hv/lib/format.c hv/log_levels.c
	@mkdir -p $(dir $@)
	$(HOSTCC) -std=gnu11 -O2 -g -Wall -Wextra -Werror -I. -o $@ \
		tools/tdmr-plan.c hv/tdx/tdmr.c hv/tdx/linux_tdmr.c seam/tdmr_check.c \
		hv/lib/format.c hv/log_levels.c

$(BUILD)/unit/%: tests/unit/%.c $(UNIT_COMMON) tests/unit/*.h $(HOST_DEPS)
	@mkdir -p $(dir $@)
	$(HOSTCC) $(UNIT_CFLAGS) -o $@ $< $(UNIT_COMMON)

unit: $(UNIT_TESTS)
	@./tests/unit/run.sh $(UNIT_TESTS)

$(BUILD)/fuzz/%: tests/fuzz/%.c $(HOST_DEPS)
	@mkdir -p $(dir $@)
	$(CLANG) -std=gnu11 -g -O1 -I. -DHOST_TEST -fsanitize=fuzzer,address,undefined \
		-o $@ $< tests/unit/shim.c hv/lib/format.c hv/log_levels.c

fuzz: deps $(FUZZ_TARGETS)
	@for t in $(FUZZ_TARGETS); do \
		name=$$(basename $$t); mkdir -p $(BUILD)/fuzz/corpus-$$name; \
		echo "fuzz: $$name for $(FUZZ_SECONDS)s"; \
		$$t -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 \
			$(BUILD)/fuzz/corpus-$$name tests/fuzz/seeds/$$name || exit 1; \
	done

boot-qemu: $(BUILD)/tdvisor.elf guests
	@./tests/boot/run.sh qemu

boot-bochs: $(BUILD)/tdvisor.elf guests
	@./tests/boot/run.sh bochs

# Deterministic path lengths (instructions) from one-CPU Bochs runs.
bench: deps
	@$(MAKE) --no-print-directory all
	@./tools/bench.sh

# Boots MANIFEST in Bochs with 2 CPUs and shows the serial console; the run
# ends when tdvisor halts (exit=debug-port makes it stop Bochs). Every test
# guest image goes in as a module named after it (vm-test, td-test, ...).
RUN_CMDLINE ?= exit=debug-port

run: deps
	@$(MAKE) --no-print-directory all
	@mkdir -p $(BUILD)/run
	@./tools/mkiso.sh -o $(BUILD)/run/tdvisor.iso -m $(MANIFEST) -c "$(RUN_CMDLINE)" \
		$(GUEST_MODULES) $(BUILD)/tdvisor.elf
	@./tools/run-bochs.sh $(BUILD)/run/tdvisor.iso 2 $(BUILD)/run/serial.log

check: deps
	@$(MAKE) --no-print-directory all $(UNIT_TESTS) $(FUZZ_TARGETS)
	@./tests/check.sh $(UNIT_TESTS)

clean:
	rm -rf $(BUILD)

include guest-abi/tests/guests.mk

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)
