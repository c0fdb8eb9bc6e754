// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* recording.c - write and read recordings (see recording.h). */
#include <errno.h>
#include <string.h>

#include "abi/record.h"
#include "abi/recording.h"

int recording_begin(FILE *f, const struct cs_rec_header *h)
{
	struct cs_rec_header out = *h;

	memcpy(out.magic, CS_REC_MAGIC, sizeof(out.magic));
	out.abi = CS_ABI_VERSION;
	out.header_size = sizeof(out);
	if (fwrite(&out, sizeof(out), 1, f) != 1)
		return -errno;
	return 0;
}

int recording_write(FILE *f, const struct cs_hdr *rec)
{
	if (fwrite(rec, rec->size, 1, f) != 1)
		return -errno;
	return 0;
}

int recording_open(struct recording *r, FILE *f, char *err, size_t errlen)
{
	memset(r, 0, sizeof(*r));
	r->f = f;
	if (fread(&r->h, sizeof(r->h), 1, f) != 1) {
		snprintf(err, errlen, "not a copyscope recording (too short)");
		return -1;
	}
	if (memcmp(r->h.magic, CS_REC_MAGIC, sizeof(r->h.magic))) {
		snprintf(err, errlen, "not a copyscope recording (no magic)");
		return -1;
	}
	if (r->h.abi != CS_ABI_VERSION || r->h.header_size != sizeof(r->h)) {
		snprintf(err, errlen,
			 "recording of record layout %u; this copyscope reads %u",
			 r->h.abi, CS_ABI_VERSION);
		return -1;
	}
	r->h.kernel[sizeof(r->h.kernel) - 1] = 0;
	r->h.what[sizeof(r->h.what) - 1] = 0;
	return 0;
}

int recording_open_path(struct recording *r, const char *path, char *err,
			size_t errlen)
{
	char why[160];
	FILE *f = fopen(path, "rb");

	memset(r, 0, sizeof(*r));
	if (!f) {
		snprintf(err, errlen, "cannot read %s: %s", path,
			 strerror(errno));
		return -1;
	}
	errno = 0;
	if (recording_open(r, f, why, sizeof(why))) {
		/* a read that failed (a directory) is not a bad header */
		if (ferror(f) && errno)
			snprintf(err, errlen, "cannot read %s: %s", path,
				 strerror(errno));
		else
			snprintf(err, errlen, "%s: %s", path, why);
		fclose(f);
		r->f = NULL;
		return -1;
	}
	return 0;
}

void recording_close(struct recording *r)
{
	if (r->f)
		fclose(r->f);
	r->f = NULL;
}

size_t recording_next(struct recording *r, void *buf, size_t cap)
{
	struct cs_hdr h;

	if (cap < CS_REC_MAX_RECORD)
		return 0;
	for (;;) {
		size_t got = fread(&h, 1, sizeof(h), r->f);

		/* a header cut short: the recording's writer was stopped */
		if (got != sizeof(h)) {
			r->corrupt = got != 0;
			return 0;
		}
		/* a size we cannot trust leaves no way to find the next one */
		if (h.size < sizeof(h) || h.size > CS_REC_MAX_RECORD) {
			r->corrupt = true;
			return 0;
		}
		memcpy(buf, &h, sizeof(h));
		if (fread((char *)buf + sizeof(h), h.size - sizeof(h), 1, r->f) != 1) {
			r->corrupt = true;
			return 0;
		}
		if (record_check(buf, h.size)) {
			r->records++;
			return h.size;
		}
		r->bad++; /* well framed but not valid: skip it */
	}
}

bool recording_has_phases(struct recording *r)
{
	static unsigned char buf[CS_REC_MAX_RECORD];
	long at = ftell(r->f);
	bool found = false;
	size_t n;

	if (at < 0)
		return false;
	while (!found && (n = recording_next(r, buf, sizeof(buf)))) {
		struct cs_hdr h;

		memcpy(&h, buf, sizeof(h));
		found = h.type == CS_EV_PHASE;
	}
	if (fseek(r->f, at, SEEK_SET))
		return false;
	r->records = r->bad = 0;
	r->corrupt = false;
	return found;
}
