package connectsvc

import (
	"context"
	"sync"
	"time"

	"google.golang.org/protobuf/proto"

	pb "github.com/fulgur/fulgur/gen/sparkconnectpb"
	"github.com/fulgur/fulgur/sqlerr"
)

// maxBuffered bounds the bytes of responses an operation holds that the client has
// not released; the producer waits beyond it.
const maxBuffered = 64 << 20

// operation is one ExecutePlan: a producer goroutine appends responses; client streams
// (the first ExecutePlan and any ReattachExecute) read them in order. Responses stay
// buffered until the client releases them (reattachable) or until sent (otherwise).
type operation struct {
	id           string
	sess         *session
	tags         []string
	reattachable bool
	ctx          context.Context
	cancel       context.CancelFunc

	mu         sync.Mutex
	cond       *sync.Cond
	buf        []*pb.ExecutePlanResponse
	sizes      []int
	base       int // index of buf[0] among all responses
	bufBytes   int
	done       bool
	err        error
	attached   int
	detachedAt time.Time
	released   bool
}

func newOperation(sess *session, id string, tags []string, reattachable bool) *operation {
	ctx, cancel := context.WithCancel(context.Background())
	op := &operation{id: id, sess: sess, tags: tags, reattachable: reattachable, ctx: ctx, cancel: cancel, detachedAt: time.Now()}
	op.cond = sync.NewCond(&op.mu)
	context.AfterFunc(ctx, func() {
		op.mu.Lock()
		op.cond.Broadcast()
		op.mu.Unlock()
	})
	return op
}

// push appends a response, waiting while too much is buffered. It returns the
// operation's context error once the operation is interrupted or released.
func (op *operation) push(r *pb.ExecutePlanResponse) error {
	n := proto.Size(r)
	op.mu.Lock()
	defer op.mu.Unlock()
	for op.bufBytes > maxBuffered && !op.released && op.ctx.Err() == nil {
		op.cond.Wait()
	}
	if op.released {
		return context.Canceled
	}
	if err := op.ctx.Err(); err != nil {
		return err
	}
	op.buf = append(op.buf, r)
	op.sizes = append(op.sizes, n)
	op.bufBytes += n
	op.cond.Broadcast()
	return nil
}

// finish records the end of the producer.
func (op *operation) finish(err error) {
	op.mu.Lock()
	op.done = true
	op.err = err
	op.cond.Broadcast()
	op.mu.Unlock()
}

// interrupt cancels the producer.
func (op *operation) interrupt() { op.cancel() }

// release frees every buffered response and ends the operation.
func (op *operation) release() {
	op.cancel()
	op.mu.Lock()
	op.released = true
	op.base += len(op.buf)
	op.buf, op.sizes, op.bufBytes = nil, nil, 0
	op.cond.Broadcast()
	op.mu.Unlock()
}

// releaseUntil frees the responses up to and including responseID.
func (op *operation) releaseUntil(responseID string) {
	op.mu.Lock()
	defer op.mu.Unlock()
	for i, r := range op.buf {
		if r.ResponseId == responseID {
			op.dropLocked(i + 1)
			return
		}
	}
}

func (op *operation) dropLocked(n int) {
	for _, s := range op.sizes[:n] {
		op.bufBytes -= s
	}
	op.buf = op.buf[n:]
	op.sizes = op.sizes[n:]
	op.base += n
	op.cond.Broadcast()
}

// startAfter returns the index of the response that follows lastResponseID ("" for
// the beginning).
func (op *operation) startAfter(lastResponseID string) int {
	op.mu.Lock()
	defer op.mu.Unlock()
	if lastResponseID == "" {
		return op.base
	}
	for i, r := range op.buf {
		if r.ResponseId == lastResponseID {
			return op.base + i + 1
		}
	}
	// Released responses were all received by the client.
	return op.base
}

func (op *operation) abandoned(now time.Time, after time.Duration) bool {
	op.mu.Lock()
	defer op.mu.Unlock()
	return op.reattachable && op.attached == 0 && now.Sub(op.detachedAt) > after
}

// streamLimits end a reattachable stream early so the client reattaches
// (spark.connect.execute.reattachable.senderMax*).
type streamLimits struct {
	maxDuration time.Duration
	maxBytes    int64
}

// stream sends responses from index next on until the end, the client going away, or
// the limits. It returns (ended, err): ended is true when the final response was sent.
func (op *operation) stream(ctx context.Context, next int, send func(*pb.ExecutePlanResponse) error, lim streamLimits) (bool, error) {
	op.mu.Lock()
	op.attached++
	op.mu.Unlock()
	stop := context.AfterFunc(ctx, func() {
		op.mu.Lock()
		op.cond.Broadcast()
		op.mu.Unlock()
	})
	defer func() {
		stop()
		op.mu.Lock()
		op.attached--
		op.detachedAt = time.Now()
		op.mu.Unlock()
		if !op.reattachable {
			op.interrupt()
		}
	}()
	start := time.Now()
	sent := int64(0)
	for {
		op.mu.Lock()
		for next >= op.base+len(op.buf) && !op.done && !op.released && ctx.Err() == nil {
			op.cond.Wait()
		}
		if err := ctx.Err(); err != nil {
			op.mu.Unlock()
			return false, err
		}
		if next < op.base+len(op.buf) {
			if next < op.base {
				next = op.base
				op.mu.Unlock()
				continue
			}
			r := op.buf[next-op.base]
			size := op.sizes[next-op.base]
			if !op.reattachable {
				op.dropLocked(next - op.base + 1)
			}
			op.mu.Unlock()
			if err := send(r); err != nil {
				return false, err
			}
			next++
			sent += int64(size)
			if r.GetResultComplete() != nil {
				return true, nil
			}
			if op.reattachable && ((lim.maxBytes > 0 && sent >= lim.maxBytes) || (lim.maxDuration > 0 && time.Since(start) >= lim.maxDuration)) {
				// End this stream without ResultComplete: the client reattaches.
				return false, nil
			}
			continue
		}
		done, err, released := op.done, op.err, op.released
		op.mu.Unlock()
		if released && !done {
			return false, sqlerr.New("OPERATION_CANCELED")
		}
		if err != nil {
			return true, err
		}
		return true, nil
	}
}
