// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Control-channel messages: text in, struct out, and back (see
 * demos/control.h for the protocol).  Strict on numbers and keywords so that
 * a watcher notices a confused demo instead of guessing.
 */

#include <stdio.h>
#include <string.h>

#include "demos/control_proto.h"

static const char *const phase_names[] = {
	[CS_CTL_PHASE_SETUP] = "setup",
	[CS_CTL_PHASE_TRANSFER] = "transfer",
	[CS_CTL_PHASE_DONE] = "done",
};

const char *cs_ctl_phase_name(enum cs_ctl_phase phase)
{
	if (phase < CS_CTL_PHASE_SETUP || phase > CS_CTL_PHASE_DONE)
		return NULL;
	return phase_names[phase];
}

/* Demo names are program names: letters, digits, '_', '-', '.'. */
static int name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.';
}

/* Printable ASCII (space included) in free text. */
static int text_char(char c)
{
	return c >= 0x20 && c < 0x7f;
}

/*
 * Read an unsigned decimal number at *p that ends at a space or at the end.
 * No sign, no leading '+', no overflow.  Advances *p past the digits.
 */
static int take_u64(const char **p, const char *end, uint64_t *out)
{
	const char *s = *p;
	uint64_t v = 0;

	if (s == end || *s < '0' || *s > '9')
		return -1;
	while (s < end && *s >= '0' && *s <= '9') {
		unsigned int d = (unsigned int)(*s - '0');

		if (v > (UINT64_MAX - d) / 10)
			return -1;
		v = v * 10 + d;
		s++;
	}
	if (s != end && *s != ' ')
		return -1;
	*p = s;
	*out = v;
	return 0;
}

/* Expect one space, then at least one more character. */
static int take_space(const char **p, const char *end)
{
	if (*p == end || **p != ' ' || *p + 1 == end)
		return -1;
	(*p)++;
	return 0;
}

/* Does the word at *p equal kw, followed by a space or the end? */
static int take_word(const char **p, const char *end, const char *kw)
{
	size_t n = strlen(kw);

	if ((size_t)(end - *p) < n || memcmp(*p, kw, n) != 0)
		return -1;
	if (*p + n != end && (*p)[n] != ' ')
		return -1;
	*p += n;
	return 0;
}

/* Copy the rest of the message as free text (must not be empty). */
static int take_text(const char **p, const char *end, char *out)
{
	size_t n = (size_t)(end - *p);

	if (n == 0)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (!text_char((*p)[i]))
			return -1;
	memcpy(out, *p, n);
	out[n] = '\0';
	*p = end;
	return 0;
}

static int parse_hello(const char *p, const char *end, struct cs_ctl_msg *m)
{
	const char *name = p;
	uint64_t pid;
	size_t n;

	while (p < end && name_char(*p))
		p++;
	n = (size_t)(p - name);
	if (n == 0 || take_space(&p, end) || take_u64(&p, end, &pid) ||
	    p != end || pid == 0 || pid > UINT32_MAX)
		return -1;
	memcpy(m->text, name, n);
	m->text[n] = '\0';
	m->pid = (uint32_t)pid;
	return 0;
}

static int parse_phase(const char *p, const char *end, struct cs_ctl_msg *m)
{
	enum cs_ctl_phase ph;

	for (ph = CS_CTL_PHASE_SETUP; ph <= CS_CTL_PHASE_DONE; ph++)
		if (!take_word(&p, end, phase_names[ph]))
			break;
	if (ph > CS_CTL_PHASE_DONE)
		return -1;
	if (take_space(&p, end) || take_u64(&p, end, &m->ns) || p != end)
		return -1;
	m->phase = ph;
	return 0;
}

static int parse_step(const char *p, const char *end, struct cs_ctl_msg *m)
{
	uint64_t seq;

	if (take_u64(&p, end, &seq) || seq == 0 || seq > UINT32_MAX)
		return -1;
	if (take_space(&p, end) || take_text(&p, end, m->text))
		return -1;
	m->seq = (uint32_t)seq;
	return 0;
}

static int parse_result(const char *p, const char *end, struct cs_ctl_msg *m)
{
	if (!take_word(&p, end, "ok")) {
		if (take_space(&p, end) || take_u64(&p, end, &m->bytes) ||
		    take_space(&p, end) || take_u64(&p, end, &m->ns) ||
		    p != end)
			return -1;
		m->type = CS_CTL_RESULT_OK;
		return 0;
	}
	if (!take_word(&p, end, "fail")) {
		if (take_space(&p, end) || take_text(&p, end, m->text))
			return -1;
		m->type = CS_CTL_RESULT_FAIL;
		return 0;
	}
	return -1;
}

int cs_ctl_parse(const char *buf, size_t len, struct cs_ctl_msg *m)
{
	const char *p = buf, *end;

	if (!buf || !m)
		return -1;
	/* Tolerate one trailing NUL or newline (some writers add one). */
	if (len > 0 && (buf[len - 1] == '\0' || buf[len - 1] == '\n'))
		len--;
	if (len == 0 || len > CS_CONTROL_MSG_MAX)
		return -1;
	end = buf + len;
	memset(m, 0, sizeof(*m));

	if (!take_word(&p, end, "go")) {
		m->type = CS_CTL_GO;
		return p == end ? 0 : -1;
	}
	if (!take_word(&p, end, "quit")) {
		m->type = CS_CTL_QUIT;
		return p == end ? 0 : -1;
	}
	if (!take_word(&p, end, "hello")) {
		m->type = CS_CTL_HELLO;
		return take_space(&p, end) ? -1 : parse_hello(p, end, m);
	}
	if (!take_word(&p, end, "phase")) {
		m->type = CS_CTL_PHASE;
		return take_space(&p, end) ? -1 : parse_phase(p, end, m);
	}
	if (!take_word(&p, end, "step")) {
		m->type = CS_CTL_STEP;
		return take_space(&p, end) ? -1 : parse_step(p, end, m);
	}
	if (!take_word(&p, end, "result"))
		return take_space(&p, end) ? -1 : parse_result(p, end, m);
	return -1;
}

/*
 * Append free text after a prefix of plen bytes already in buf, cut so the
 * whole message stays within CS_CONTROL_MSG_MAX and buf.
 */
static int append_text(char *buf, size_t size, int plen, const char *text)
{
	size_t room, n = 0;

	if (plen < 0 || (size_t)plen >= size || plen >= CS_CONTROL_MSG_MAX)
		return -1;
	room = size - 1 - (size_t)plen;
	if (room > (size_t)(CS_CONTROL_MSG_MAX - plen))
		room = (size_t)(CS_CONTROL_MSG_MAX - plen);
	while (text[n] && n < room) {
		buf[plen + n] = text_char(text[n]) ? text[n] : ' ';
		n++;
	}
	if (n == 0)
		return -1;
	buf[plen + n] = '\0';
	return plen + (int)n;
}

int cs_ctl_format(char *buf, size_t size, const struct cs_ctl_msg *m)
{
	const char *ph;
	int n;

	if (!buf || !m || size == 0)
		return -1;
	switch (m->type) {
	case CS_CTL_GO:
		n = snprintf(buf, size, "go");
		break;
	case CS_CTL_QUIT:
		n = snprintf(buf, size, "quit");
		break;
	case CS_CTL_HELLO:
		if (!m->text[0] || m->pid == 0)
			return -1;
		for (const char *c = m->text; *c; c++)
			if (!name_char(*c))
				return -1;
		n = snprintf(buf, size, "hello %s %u", m->text, m->pid);
		break;
	case CS_CTL_PHASE:
		ph = cs_ctl_phase_name(m->phase);
		if (!ph)
			return -1;
		n = snprintf(buf, size, "phase %s %llu", ph,
			     (unsigned long long)m->ns);
		break;
	case CS_CTL_STEP:
		if (m->seq == 0)
			return -1;
		n = snprintf(buf, size, "step %u ", m->seq);
		return append_text(buf, size, n, m->text);
	case CS_CTL_RESULT_OK:
		n = snprintf(buf, size, "result ok %llu %llu",
			     (unsigned long long)m->bytes,
			     (unsigned long long)m->ns);
		break;
	case CS_CTL_RESULT_FAIL:
		n = snprintf(buf, size, "result fail ");
		return append_text(buf, size, n, m->text);
	default:
		return -1;
	}
	if (n < 0 || (size_t)n >= size || n > CS_CONTROL_MSG_MAX)
		return -1;
	return n;
}
