/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
#ifndef COPYSCOPE_CLI_DOCTOR_CLASS_H
#define COPYSCOPE_CLI_DOCTOR_CLASS_H

#include <stdbool.h>

#include "bpf/features.h"

#define CLASS_CHECKS 5

/* One line of doctor's "ready for class" section. */
struct class_check {
	const char *name; /* JSON key */
	bool ok;
	char text[1600]; /* one sentence: what was found, what to do */
};

/* BTF, privileges, a disk for the demo files, network namespaces, the
 * terminal's size. */
void doctor_class(const struct cs_features *f, bool can_trace,
		  struct class_check out[CLASS_CHECKS]);

#endif
