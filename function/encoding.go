package function

import (
	"encoding/base64"
	"encoding/hex"
	"strconv"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/fulgur/fulgur/sql/types"
	"github.com/fulgur/fulgur/sqlerr"
)

func registerEncoding(r *Registry) {
	r.AddScalar(binaryFunc("base64", tString, func(b []byte) any { return mimeBase64(b) }))
	r.AddScalar(&ScalarFunc{Name: "unbase64", Bind: func(args []types.DataType, ansi bool) (*Bound, error) {
		if err := argCount("unbase64", args, 1); err != nil {
			return nil, err
		}
		at, err := expectTypes(args, []types.DataType{tString}, ansi)
		if err != nil {
			return nil, err
		}
		return &Bound{ArgTypes: at, Result: types.Binary, NullIntolerant: true, Kernel: rowKernel(types.Binary, func(_ *EvalContext, a []arrow.Array, i int, b array.Builder) error {
			out, msg := mimeUnbase64(strAt(a[0], i))
			if msg != "" {
				return sqlerr.Classless("java.lang.IllegalArgumentException", msg)
			}
			b.(*array.BinaryBuilder).Append(out)
			return nil
		})}, nil
	}})
	r.AddScalar(&ScalarFunc{Name: "hex", Bind: func(args []types.DataType, ansi bool) (*Bound, error) {
		if err := argCount("hex", args, 1); err != nil {
			return nil, err
		}
		t := args[0]
		switch {
		case t == types.String || t == types.Binary:
		case types.IsNumeric(t) || t == types.Null:
			t = tLong
		default:
			return nil, typeMismatchNamed(0, `("BIGINT" or "BINARY" or "STRING")`, t)
		}
		return &Bound{ArgTypes: []types.DataType{t}, Result: tString, NullIntolerant: true, Kernel: rowKernel(tString, func(_ *EvalContext, a []arrow.Array, i int, b array.Builder) error {
			if t == tLong {
				appendStr(b, strings.ToUpper(strconv.FormatUint(uint64(intAt(a[0], i)), 16)))
				return nil
			}
			appendStr(b, strings.ToUpper(hex.EncodeToString([]byte(strAt(a[0], i)))))
			return nil
		})}, nil
	}})
	r.AddScalar(&ScalarFunc{Name: "unhex", Bind: func(args []types.DataType, ansi bool) (*Bound, error) {
		if err := argCount("unhex", args, 1); err != nil {
			return nil, err
		}
		at, err := expectTypes(args, []types.DataType{tString}, ansi)
		if err != nil {
			return nil, err
		}
		return &Bound{ArgTypes: at, Result: types.Binary, NullIntolerant: true, AlwaysNullable: true, Kernel: rowKernel(types.Binary, func(_ *EvalContext, a []arrow.Array, i int, b array.Builder) error {
			s := strAt(a[0], i)
			if len(s)%2 == 1 {
				s = "0" + s
			}
			out, err := hex.DecodeString(s)
			if err != nil {
				b.AppendNull()
				return nil
			}
			b.(*array.BinaryBuilder).Append(out)
			return nil
		})}, nil
	}})
}

// mimeBase64 encodes as Java's MIME encoder, which Spark's base64 uses: lines of at
// most 76 characters separated by CRLF.
func mimeBase64(b []byte) string {
	s := base64.StdEncoding.EncodeToString(b)
	if len(s) <= 76 {
		return s
	}
	var sb strings.Builder
	for len(s) > 76 {
		sb.WriteString(s[:76])
		sb.WriteString("\r\n")
		s = s[76:]
	}
	sb.WriteString(s)
	return sb.String()
}

// mimeUnbase64 decodes as Java's MIME decoder (Base64.getMimeDecoder): characters
// outside the alphabet are skipped and padding is optional, but a misplaced '=', a
// last unit of one character or data after the padding fail with the message of
// Java's IllegalArgumentException.
func mimeUnbase64(s string) ([]byte, string) {
	out := []byte{}
	var acc uint32
	n := 0
	i := 0
	for i < len(s) {
		c := s[i]
		i++
		if c == '=' {
			// "=" after a complete unit, or "xx=" not followed by a second '='.
			if n == 0 || (n == 2 && (i == len(s) || s[i] != '=')) {
				return nil, "Input byte array has wrong 4-byte ending unit"
			}
			if n == 2 {
				i++
			}
			break
		}
		v := base64Value(c)
		if v < 0 {
			continue
		}
		acc = acc<<6 | uint32(v)
		n++
		if n == 4 {
			out = append(out, byte(acc>>16), byte(acc>>8), byte(acc))
			acc, n = 0, 0
		}
	}
	switch n {
	case 1:
		return nil, "Last unit does not have enough valid bits"
	case 2:
		out = append(out, byte(acc>>4))
	case 3:
		out = append(out, byte(acc>>10), byte(acc>>2))
	}
	for ; i < len(s); i++ {
		if base64Value(s[i]) >= 0 {
			return nil, "Input byte array has incorrect ending byte at " + strconv.Itoa(i+1)
		}
	}
	return out, ""
}

func base64Value(c byte) int {
	switch {
	case 'A' <= c && c <= 'Z':
		return int(c - 'A')
	case 'a' <= c && c <= 'z':
		return int(c-'a') + 26
	case '0' <= c && c <= '9':
		return int(c-'0') + 52
	case c == '+':
		return 62
	case c == '/':
		return 63
	}
	return -1
}
