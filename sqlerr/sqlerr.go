package sqlerr

import (
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"

	"google.golang.org/grpc/codes"
)

// Exception classes that clients map to their own exception types.
const (
	AnalysisException        = "org.apache.spark.sql.AnalysisException"
	ParseException           = "org.apache.spark.sql.catalyst.parser.ParseException"
	SparkException           = "org.apache.spark.SparkException"
	SparkRuntimeException    = "org.apache.spark.SparkRuntimeException"
	ArithmeticException      = "org.apache.spark.SparkArithmeticException"
	NumberFormatException    = "org.apache.spark.SparkNumberFormatException"
	IllegalArgumentException = "org.apache.spark.SparkIllegalArgumentException"
	UnsupportedOperation     = "org.apache.spark.SparkUnsupportedOperationException"
	ArrayIndexOutOfBounds    = "org.apache.spark.SparkArrayIndexOutOfBoundsException"
	DateTimeException        = "org.apache.spark.SparkDateTimeException"
	NoSuchElementException   = "org.apache.spark.SparkNoSuchElementException"
	InvalidPlanInput         = "org.apache.spark.sql.connect.common.InvalidPlanInput"
	SQLException             = "org.apache.spark.SparkSQLException"
)

// superclasses lists, for each exception class, the classes clients see in the
// ErrorInfo "classes" hierarchy (most specific first).
var superclasses = map[string][]string{
	AnalysisException:        {AnalysisException, "java.lang.Exception", "java.lang.Throwable"},
	ParseException:           {ParseException, AnalysisException, "java.lang.Exception", "java.lang.Throwable"},
	SparkException:           {SparkException, "java.lang.Exception", "java.lang.Throwable"},
	SparkRuntimeException:    {SparkRuntimeException, "java.lang.RuntimeException", "java.lang.Exception", "java.lang.Throwable"},
	ArithmeticException:      {ArithmeticException, "java.lang.ArithmeticException", "java.lang.RuntimeException", "java.lang.Exception", "java.lang.Throwable"},
	NumberFormatException:    {NumberFormatException, "java.lang.NumberFormatException", "java.lang.IllegalArgumentException", "java.lang.RuntimeException", "java.lang.Exception", "java.lang.Throwable"},
	IllegalArgumentException: {IllegalArgumentException, "java.lang.IllegalArgumentException", "java.lang.RuntimeException", "java.lang.Exception", "java.lang.Throwable"},
	UnsupportedOperation:     {UnsupportedOperation, "java.lang.UnsupportedOperationException", "java.lang.RuntimeException", "java.lang.Exception", "java.lang.Throwable"},
	ArrayIndexOutOfBounds:    {ArrayIndexOutOfBounds, "java.lang.ArrayIndexOutOfBoundsException", "java.lang.IndexOutOfBoundsException", "java.lang.RuntimeException", "java.lang.Exception", "java.lang.Throwable"},
	DateTimeException:        {DateTimeException, "java.time.DateTimeException", "java.lang.RuntimeException", "java.lang.Exception", "java.lang.Throwable"},
	NoSuchElementException:   {NoSuchElementException, "java.util.NoSuchElementException", "java.lang.RuntimeException", "java.lang.Exception", "java.lang.Throwable"},
	InvalidPlanInput:         {InvalidPlanInput, "java.lang.Exception", "java.lang.Throwable"},
	SQLException:             {SQLException, "java.sql.SQLException", "java.lang.Exception", "java.lang.Throwable"},
}

// Condition is one entry of the catalog.
type Condition struct {
	// SQLState is the five-character SQLSTATE.
	SQLState string `json:"sqlState"`
	// Exception is the JVM exception class Spark raises, which picks the client's
	// exception type.
	Exception string `json:"exception"`
	// Code is the gRPC code name the error travels with (Spark uses INTERNAL for all).
	Code string `json:"code"`
	// Message is the template; <name> is replaced by the parameter of that name.
	Message string `json:"message"`
}

//go:embed conditions.json
var conditionsJSON []byte

var catalog = mustLoad(conditionsJSON)

func mustLoad(b []byte) map[string]Condition {
	m := map[string]Condition{}
	if err := json.Unmarshal(b, &m); err != nil {
		panic(fmt.Sprintf("sqlerr: bad conditions.json: %v", err))
	}
	return m
}

// Lookup returns the catalog entry of an error class.
func Lookup(class string) (Condition, bool) {
	c, ok := catalog[class]
	return c, ok
}

// Classes returns every error class in the catalog, sorted.
func Classes() []string {
	out := make([]string, 0, len(catalog))
	for k := range catalog {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Error is a user-facing error with a Spark error class. It may wrap a cause.
type Error struct {
	Class  string
	Params map[string]string
	// Context is text appended verbatim after the message, such as the position and
	// SQL pointer of a parse error (" (line 1, pos 7)\n\n== SQL ==\n...").
	Context string
	cause   error
	// exception and text are set for errors Spark raises without an error class
	// (plain JVM exceptions such as IllegalArgumentException "requirement failed").
	exception string
	text      string
}

// Classless returns an error Spark raises without an error class: a plain exception of
// the given JVM class with a message.
func Classless(exception, message string) *Error {
	return &Error{exception: exception, text: message, Params: map[string]string{}}
}

// IllegalArgument returns Spark's plain IllegalArgumentException.
func IllegalArgument(message string) *Error {
	return Classless(IllegalArgumentException, message)
}

// New returns an error of the given class. params alternate name, value.
func New(class string, params ...string) *Error {
	if _, ok := catalog[class]; !ok {
		panic("sqlerr: unknown error class " + class)
	}
	e := &Error{Class: class, Params: map[string]string{}}
	for i := 0; i+1 < len(params); i += 2 {
		e.Params[params[i]] = params[i+1]
	}
	return e
}

// Wrap returns an error of the given class that wraps cause.
func Wrap(cause error, class string, params ...string) *Error {
	e := New(class, params...)
	e.cause = cause
	return e
}

// Condition returns the catalog entry of e's class.
func (e *Error) Condition() Condition { return catalog[e.Class] }

// SQLState returns the SQLSTATE of e's class.
func (e *Error) SQLState() string { return catalog[e.Class].SQLState }

// Exception returns the JVM exception class clients map e to.
func (e *Error) Exception() string {
	if e.exception != "" {
		return e.exception
	}
	if ex := catalog[e.Class].Exception; ex != "" {
		return ex
	}
	return SparkException
}

// ExceptionHierarchy returns the exception class and its superclasses.
func (e *Error) ExceptionHierarchy() []string {
	if h, ok := superclasses[e.Exception()]; ok {
		return h
	}
	return []string{e.Exception()}
}

// GRPCCode returns the code the error travels with.
func (e *Error) GRPCCode() codes.Code {
	switch catalog[e.Class].Code {
	case "INVALID_ARGUMENT":
		return codes.InvalidArgument
	case "NOT_FOUND":
		return codes.NotFound
	case "UNIMPLEMENTED":
		return codes.Unimplemented
	case "UNAUTHENTICATED":
		return codes.Unauthenticated
	case "FAILED_PRECONDITION":
		return codes.FailedPrecondition
	case "RESOURCE_EXHAUSTED":
		return codes.ResourceExhausted
	case "CANCELLED":
		return codes.Canceled
	}
	return codes.Internal
}

// Message returns the message without the class prefix, with parameters substituted.
func (e *Error) Message() string {
	if e.Class == "" {
		return e.text
	}
	msg := catalog[e.Class].Message
	for k, v := range e.Params {
		msg = strings.ReplaceAll(msg, "<"+k+">", v)
	}
	return msg
}

// Error returns Spark's rendering: "[CLASS] message SQLSTATE: xxxxx".
func (e *Error) Error() string {
	if e.Class == "" {
		return e.text
	}
	s := "[" + e.Class + "] " + e.Message()
	if st := e.SQLState(); st != "" {
		s += " SQLSTATE: " + st
	}
	return s + e.Context
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.cause }

// As returns the first *Error in err's chain.
func As(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}

// HasClass reports whether err's chain holds an *Error of the given class.
func HasClass(err error, class string) bool {
	e, ok := As(err)
	return ok && e.Class == class
}

// Unsupported returns UNSUPPORTED_FEATURE naming what is not supported.
func Unsupported(what string) *Error {
	return New("UNSUPPORTED_FEATURE", "feature", what)
}

// Internal wraps an unexpected error as INTERNAL_ERROR.
func Internal(err error) *Error {
	return Wrap(err, "INTERNAL_ERROR", "message", err.Error())
}
