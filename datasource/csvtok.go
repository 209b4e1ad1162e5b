package datasource

// csvTokenizer splits CSV records into fields the way Spark's CSV reader does: it
// follows the univocity CsvParser that Spark configures (quote and escape processing,
// unescaped quotes handled with STOP_AT_DELIMITER, whitespace trimming, nullValue for
// empty unquoted fields and emptyValue for empty quoted ones).
//
// Values are nil for Spark's null tokens. The input is a rune slice in which records end
// with newLine (the reader has already normalized line separators).
type csvTokenizer struct {
	delim, quote, escape, escapeEscape rune
	comment                            rune // 0: no comment lines
	newLine                            rune
	ignoreLeading, ignoreTrailing      bool
	nullValue, emptyValue              *string
	maxColumns                         int

	in   []rune
	pos  int // index of the next rune to read
	ch   rune
	prev rune

	unescaped bool
	appender  []rune
	trim      bool
	values    []*string
	start     int // index of the first rune of the current record
}

// csvEOF is the panic value nextChar raises at the end of the input, mirroring the
// EOFException univocity's parser is written around; parseNext recovers it.
type csvEOF struct{}

func (t *csvTokenizer) nextChar() rune {
	if t.pos >= len(t.in) {
		panic(csvEOF{})
	}
	t.ch = t.in[t.pos]
	t.pos++
	return t.ch
}

func isCSVSpace(r rune) bool { return r > 0 && r <= ' ' }

func (t *csvTokenizer) emptyParsed() {
	t.values = append(t.values, t.nullValue)
	t.appender = t.appender[:0]
}

func (t *csvTokenizer) valueParsedString(v string) {
	s := v
	t.values = append(t.values, &s)
}

func (t *csvTokenizer) valueParsed() {
	a := t.appender
	if t.trim {
		for len(a) > 0 && isCSVSpace(a[len(a)-1]) {
			a = a[:len(a)-1]
		}
	}
	if len(a) == 0 {
		t.values = append(t.values, t.nullValue)
	} else {
		s := string(a)
		t.values = append(t.values, &s)
	}
	t.appender = t.appender[:0]
	t.trim = false
}

// appendUntil appends ch and the following runes until one of stops, which it returns.
func (t *csvTokenizer) appendUntil(ch rune, stops ...rune) rune {
	for {
		for _, s := range stops {
			if ch == s {
				return ch
			}
		}
		t.appender = append(t.appender, ch)
		ch = t.nextChar()
	}
}

func (t *csvTokenizer) skipWhitespace(ch rune) rune {
	for isCSVSpace(ch) && ch != t.delim && ch != t.quote && ch != t.newLine {
		ch = t.nextChar()
	}
	return ch
}

// parseNext returns the fields of the next record and its raw text, or ok=false at the
// end of the input. Empty lines and comment lines are skipped.
func (t *csvTokenizer) parseNext() (fields []*string, raw string, ok bool) {
	for t.pos < len(t.in) {
		t.values = nil
		t.appender = t.appender[:0]
		t.trim = false
		t.start = t.pos
		t.ch = t.in[t.pos]
		t.pos++
		if t.ch == t.newLine {
			continue
		}
		if t.comment != 0 && t.ch == t.comment {
			for t.pos < len(t.in) && t.in[t.pos-1] != t.newLine {
				t.pos++
			}
			continue
		}
		eof := t.parseRecordCatchingEOF()
		end := t.pos
		if !eof && end > t.start && t.in[end-1] == t.newLine {
			end--
		}
		raw = string(t.in[t.start:end])
		if t.values == nil {
			continue
		}
		return t.values, raw, true
	}
	return nil, "", false
}

// parseRecordCatchingEOF parses one record, finishing it as univocity's handleEOF does
// when the input ends inside it. It reports whether the input ended.
func (t *csvTokenizer) parseRecordCatchingEOF() (eof bool) {
	defer func() {
		if r := recover(); r != nil {
			if _, ok := r.(csvEOF); !ok {
				panic(r)
			}
			eof = true
			consume := t.consumeValueOnEOF()
			if len(t.values) != 0 || consume {
				if len(t.appender) > 0 || consume {
					t.valueParsed()
				} else if t.pos > t.start {
					t.emptyParsed()
				}
			} else if len(t.appender) > 0 || t.pos > t.start {
				if len(t.appender) == 0 {
					t.emptyParsed()
				} else {
					t.valueParsed()
				}
			}
		}
	}()
	t.parseRecord()
	return false
}

func (t *csvTokenizer) consumeValueOnEOF() bool {
	if t.ch == t.quote {
		if t.prev == t.quote {
			return true
		}
		if !t.unescaped {
			t.appender = append(t.appender, t.quote)
		}
	}
	out := t.prev != 0 && t.ch != t.delim && t.ch != t.newLine
	t.ch, t.prev = 0, 0
	return out
}

func (t *csvTokenizer) parseRecord() {
	if isCSVSpace(t.ch) && t.ignoreLeading {
		t.ch = t.skipWhitespace(t.ch)
	}
	for t.ch != t.newLine {
		if isCSVSpace(t.ch) && t.ignoreLeading {
			t.ch = t.skipWhitespace(t.ch)
		}
		if t.ch == t.delim || t.ch == t.newLine {
			t.emptyParsed()
		} else {
			t.unescaped = false
			t.prev = 0
			if t.ch == t.quote {
				if v, ok := t.quotedFastPath(); ok {
					if v == "" {
						if t.emptyValue == nil {
							t.values = append(t.values, nil)
						} else {
							t.valueParsedString(*t.emptyValue)
						}
					} else {
						t.valueParsedString(v)
					}
					t.ch = t.nextChar()
					if t.ch == t.delim {
						t.ch = t.nextChar()
						if t.ch == t.newLine {
							t.emptyParsed()
						}
					}
					continue
				}
				t.trim = false
				t.parseQuotedValue()
				if len(t.appender) == 0 && t.emptyValue != nil {
					// A quoted empty value is emptyValue, not nullValue.
					t.valueParsedString(*t.emptyValue)
					t.appender = t.appender[:0]
				} else {
					t.valueParsed()
				}
			} else {
				t.trim = t.ignoreTrailing
				t.ch = t.appendUntil(t.ch, t.delim, t.newLine)
				t.valueParsed()
			}
		}
		if t.ch != t.newLine {
			t.ch = t.nextChar()
			if t.ch == t.newLine {
				t.emptyParsed()
			}
		}
	}
}

// quotedFastPath handles the common quoted value without escapes: the opening quote is
// in t.ch; on success the closing quote and any whitespace after it are consumed and
// the next rune is a delimiter, a newline or the end of input. It returns ok=false (consuming nothing) otherwise.
func (t *csvTokenizer) quotedFastPath() (string, bool) {
	i := t.pos
	for i < len(t.in) && t.in[i] != t.quote && t.in[i] != t.escape && t.in[i] != t.escapeEscape {
		i++
	}
	if i >= len(t.in) || t.in[i] != t.quote {
		return "", false
	}
	next := i + 1
	for next < len(t.in) && isCSVSpace(t.in[next]) && t.in[next] != t.delim && t.in[next] != t.newLine {
		next++ // whitespace after the closing quote is dropped
	}
	if next < len(t.in) && t.in[next] != t.delim && t.in[next] != t.newLine {
		return "", false
	}
	v := string(t.in[t.pos:i])
	t.pos = next
	t.ch = t.quote
	return v, true
}

func (t *csvTokenizer) processQuoteEscape() {
	switch {
	case t.ch == t.escape && t.prev == t.escapeEscape && t.escapeEscape != 0:
		t.appender = append(t.appender, t.escape)
		t.ch = 0
	case t.prev == t.escape:
		if t.ch == t.quote {
			t.appender = append(t.appender, t.quote)
			t.ch = 0
		} else {
			t.appender = append(t.appender, t.prev)
		}
	case t.ch == t.quote && t.prev == t.quote:
		t.appender = append(t.appender, t.quote)
	case t.prev == t.quote:
		t.handleUnescapedQuoteInValue()
	}
}

func (t *csvTokenizer) handleUnescapedQuoteInValue() {
	t.appender = append(t.appender, t.quote)
	t.prev = t.ch
	t.parseValueProcessingEscape()
}

func (t *csvTokenizer) parseValueProcessingEscape() {
	for t.ch != t.delim && t.ch != t.newLine {
		if t.ch != t.quote && t.ch != t.escape {
			if t.prev == t.quote {
				t.handleUnescapedQuoteInValue()
				return
			}
			t.appender = append(t.appender, t.ch)
		} else {
			t.processQuoteEscape()
		}
		t.prev = t.ch
		t.ch = t.nextChar()
	}
}

func (t *csvTokenizer) handleUnescapedQuote() {
	t.unescaped = true
	t.appender = append(t.appender, t.quote, t.ch)
	t.prev = t.ch
	t.parseQuotedValue()
}

func (t *csvTokenizer) parseQuotedValue() {
	if t.prev != 0 {
		// STOP_AT_DELIMITER: the value is unquoted after all; keep everything up to the
		// next delimiter or line end.
		t.appender = append([]rune{t.quote}, t.appender...)
		t.ch = t.nextChar()
		t.trim = t.ignoreTrailing
		t.ch = t.appendUntil(t.ch, t.delim, t.newLine)
		return
	}
	t.ch = t.nextChar()
	for {
		if t.prev == t.quote && (isCSVSpace(t.ch) || t.ch == t.delim || t.ch == t.newLine) {
			break
		}
		if t.ch != t.quote && t.ch != t.escape {
			if t.prev == t.quote {
				t.handleUnescapedQuote()
				return
			}
			if t.prev == t.escape && t.escape != 0 {
				t.appender = append(t.appender, t.escape)
			}
			t.ch = t.appendUntil(t.ch, t.quote, t.escape, t.escapeEscape)
			t.prev = t.ch
			t.ch = t.nextChar()
		} else {
			t.processQuoteEscape()
			t.prev = t.ch
			t.ch = t.nextChar()
			if t.unescaped && (t.ch == t.delim || t.ch == t.newLine) {
				return
			}
		}
	}
	if t.ch != t.delim && t.ch != t.newLine && isCSVSpace(t.ch) {
		var ws []rune
		for {
			ws = append(ws, t.ch)
			t.ch = t.nextChar()
			if t.ch == t.newLine {
				return
			}
			if !isCSVSpace(t.ch) {
				break
			}
		}
		if t.ch != t.delim {
			t.appender = append(t.appender, t.quote)
			t.appender = append(t.appender, ws...)
			t.appender = append(t.appender, t.ch)
			t.prev = t.ch
			t.parseQuotedValue()
		}
	}
}
