package datasource

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/apache/arrow-go/v18/arrow"

	"github.com/fulgur/fulgur/sqlerr"
)

// Writing a dataset is a job of tasks with a two-level commit, like Hadoop's
// FileOutputCommitter (v1) but simpler:
//
//	<target>/_temporary/<jobID>/                     the job's staging area (hidden: '_')
//	    _attempt_<task>_<attempt>/<k=v/...>/part-…    a task attempt writes here
//	    task_<task>/<k=v/...>/part-…                  TaskWriter.Commit renames its attempt here
//	    _trash/                                       an overwrite parks the old data here
//
// Job.Commit moves every committed task's files into <target>, writes _SUCCESS and
// removes the staging area; Job.Abort removes the staging area. Readers list <target>
// skipping names that start with '_' or '.', so they never see staged files, and a file
// appears in <target> only by the rename of a complete, closed file.
//
// Lifecycle (driver and tasks, possibly in different processes on a shared file
// system):
//
//	job, err := NewJob(target, mode, JobConfig{Format: "parquet", ...})  // driver
//	if job.Skipped() { return }                      // mode ignore and target exists
//	spec := job.TaskSpec()                           // ship to executors
//	w, err := NewTaskWriter(spec, task, attempt, schema, mem)  // each task
//	w.Write(ctx, batch) ...; msg, err := w.Commit()  // or w.Abort()
//	err = job.Commit()                               // driver, after every task committed
//	job.Abort()                                      // driver, on any failure
//
// Termination paths: a task ends in Commit (its files become part of the job) or
// Abort (its files are deleted; a failed Write or Commit leaves the writer needing
// Abort); a job ends in Commit (files published) or Abort (staging deleted, target
// as before; Abort after a successful Commit does nothing). An uncommitted task
// attempt's files are never published, even if the job commits.

// SaveMode is what a write does when its target already exists.
type SaveMode int

// Save modes (DataFrameWriter.mode).
const (
	// ErrorIfExists fails with PATH_ALREADY_EXISTS when the target exists.
	ErrorIfExists SaveMode = iota
	// Append adds files next to the existing ones.
	Append
	// Overwrite replaces the target's contents when the job commits. With the option
	// partitionOverwriteMode=dynamic and partition columns, only the partition
	// directories the job writes are replaced.
	Overwrite
	// Ignore writes nothing when the target exists.
	Ignore
)

func (m SaveMode) String() string {
	switch m {
	case Append:
		return "append"
	case Overwrite:
		return "overwrite"
	case Ignore:
		return "ignore"
	}
	return "errorifexists"
}

// ParseSaveMode reads Spark's mode names (error/errorifexists/default, append,
// overwrite, ignore).
func ParseSaveMode(s string) (SaveMode, error) {
	switch strings.ToLower(s) {
	case "", "error", "errorifexists", "default":
		return ErrorIfExists, nil
	case "append":
		return Append, nil
	case "overwrite":
		return Overwrite, nil
	case "ignore":
		return Ignore, nil
	}
	return 0, sqlerr.IllegalArgument("Unknown save mode: " + s + ". Accepted save modes are 'overwrite', 'append', 'ignore', 'error', 'errorifexists', 'default'.")
}

// JobConfig describes what a job writes.
type JobConfig struct {
	// Format is parquet, csv, json or text.
	Format string
	// Options are the writer's options (compression, header, sep, maxRecordsPerFile,
	// timeZone, ...), as DataFrameWriter.option sets them.
	Options Options
	// PartitionBy names the partition columns, in directory order.
	PartitionBy []string
	// Schema, when set, is the schema of the batches tasks will write (including the
	// partition columns); NewJob then validates it (column types, partition columns,
	// options) before it touches the target.
	Schema *arrow.Schema
}

// TaskSpec is everything a task needs to write its share of a job. It is plain data
// (JSON-encodable), so a driver can ship it to executors.
type TaskSpec struct {
	JobID       string            `json:"jobId"`
	Target      string            `json:"target"`
	Format      string            `json:"format"`
	Options     map[string]string `json:"options,omitempty"`
	PartitionBy []string          `json:"partitionBy,omitempty"`
}

func (s TaskSpec) staging() string { return filepath.Join(s.Target, tempDirName, s.JobID) }

// tempDirName is the staging directory inside the target (hidden from readers).
const tempDirName = "_temporary"

// Job is one write of a dataset to a directory. Its methods must not be called
// concurrently with each other; task writers of the job may run concurrently with each
// other but must have finished before Commit or Abort.
type Job struct {
	spec          TaskSpec
	mode          SaveMode
	skipped       bool
	createdTarget bool
	done          bool
}

// NewJob prepares a write to target (a local path or file: URI): it validates the
// format, options and (when cfg.Schema is set) the schema, applies the save mode's
// existence check, and creates the staging area. The target's contents are not touched
// until Commit.
//
// Errors: PATH_ALREADY_EXISTS (mode ErrorIfExists and target exists), the option and
// type errors of the format, and file system errors.
func NewJob(target string, mode SaveMode, cfg JobConfig) (*Job, error) {
	format := strings.ToLower(cfg.Format)
	switch format {
	case "parquet", "csv", "json", "text":
	default:
		return nil, sqlerr.Unsupported("writing the " + cfg.Format + " format")
	}
	j := &Job{mode: mode, spec: TaskSpec{JobID: newUUID(), Target: localPath(target), Format: format,
		Options: map[string]string(cfg.Options), PartitionBy: cfg.PartitionBy}}
	if cfg.Schema != nil {
		if _, err := newTaskLayout(j.spec, cfg.Schema); err != nil {
			return nil, err
		}
	} else if _, err := newOutputFormat(format, cfg.Options, nil); err != nil {
		return nil, err
	}
	st, err := os.Stat(j.spec.Target)
	exists := err == nil
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	if exists {
		switch mode {
		case ErrorIfExists:
			return nil, sqlerr.New("PATH_ALREADY_EXISTS", "outputPath", QualifiedPath(j.spec.Target))
		case Ignore:
			j.skipped = true
			return j, nil
		}
		if !st.IsDir() {
			return nil, sqlerr.Unsupported("writing to " + QualifiedPath(j.spec.Target) + ", which is a file")
		}
	} else {
		j.createdTarget = true
	}
	if err := os.MkdirAll(j.spec.staging(), 0o755); err != nil {
		return nil, err
	}
	return j, nil
}

// Skipped reports that the job writes nothing (mode Ignore and the target exists).
// Its task writers discard their rows, and Commit and Abort do nothing.
func (j *Job) Skipped() bool { return j.skipped }

// ID is the job's UUID, which is part of every file name it writes.
func (j *Job) ID() string { return j.spec.JobID }

// TaskSpec returns what the job's tasks need (see NewTaskWriter).
func (j *Job) TaskSpec() TaskSpec { return j.spec }

// Commit publishes the files of every committed task: with Overwrite the target's old
// contents (or, for a dynamic partition overwrite, the partition directories written)
// are first moved aside, then each new file is renamed into place, _SUCCESS is written
// and the staging area removed. If a step fails, Commit restores the old contents,
// removes the files it moved in and returns the error; the job must then be aborted.
//
// Readers never see a partial file. A reader listing the target while Commit runs may
// see some of the new files and not others (each file is renamed separately), and
// during an overwrite may see the target empty.
func (j *Job) Commit() error {
	if j.skipped || j.done {
		return nil
	}
	staging := j.spec.staging()
	entries, err := os.ReadDir(staging)
	if err != nil {
		return err
	}
	var files []string // relative to a task directory's root
	var roots []string
	for _, e := range entries {
		if !e.IsDir() || !strings.HasPrefix(e.Name(), "task_") {
			continue
		}
		root := filepath.Join(staging, e.Name())
		err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			rel, err := filepath.Rel(root, p)
			files = append(files, rel)
			roots = append(roots, root)
			return err
		})
		if err != nil {
			return err
		}
	}
	trash := filepath.Join(staging, "_trash")
	var parked []string // relative to target
	restore := func() {
		for _, rel := range parked {
			_ = os.MkdirAll(filepath.Dir(filepath.Join(j.spec.Target, rel)), 0o755)
			_ = os.Rename(filepath.Join(trash, rel), filepath.Join(j.spec.Target, rel))
		}
	}
	if j.mode == Overwrite {
		if parked, err = j.parkOld(files, trash); err != nil {
			restore()
			return err
		}
	}
	var moved []string
	rollback := func() {
		for _, m := range moved {
			_ = os.Remove(m)
		}
		restore()
	}
	for i, rel := range files {
		dst := filepath.Join(j.spec.Target, rel)
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			rollback()
			return err
		}
		if _, err := os.Lstat(dst); err == nil {
			rollback()
			return fmt.Errorf("committing %s: %w", dst, fs.ErrExist)
		}
		if err := os.Rename(filepath.Join(roots[i], rel), dst); err != nil {
			rollback()
			return err
		}
		moved = append(moved, dst)
	}
	if err := writeSuccessMarker(j.spec.Target); err != nil {
		rollback()
		return err
	}
	j.done = true
	j.cleanup()
	return nil
}

// parkOld moves the data an overwrite replaces into trash and returns the moved paths
// (relative to the target).
func (j *Job) parkOld(newFiles []string, trash string) ([]string, error) {
	var victims []string
	dynamic := len(j.spec.PartitionBy) > 0 && strings.EqualFold(Options(j.spec.Options).GetOr("partitionOverwriteMode", "static"), "dynamic")
	if dynamic {
		seen := map[string]bool{}
		for _, f := range newFiles {
			dir := filepath.Dir(f)
			if !seen[dir] {
				seen[dir] = true
				if _, err := os.Lstat(filepath.Join(j.spec.Target, dir)); err == nil {
					victims = append(victims, dir)
				}
			}
		}
		sort.Strings(victims)
	} else {
		entries, err := os.ReadDir(j.spec.Target)
		if err != nil {
			return nil, err
		}
		for _, e := range entries {
			if e.Name() != tempDirName {
				victims = append(victims, e.Name())
			}
		}
	}
	var parked []string
	for _, v := range victims {
		dst := filepath.Join(trash, v)
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return parked, err
		}
		if err := os.Rename(filepath.Join(j.spec.Target, v), dst); err != nil {
			return parked, err
		}
		parked = append(parked, v)
	}
	return parked, nil
}

func writeSuccessMarker(target string) error {
	tmp := filepath.Join(target, tempDirName, "._SUCCESS."+newUUID())
	if err := os.WriteFile(tmp, nil, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, filepath.Join(target, "_SUCCESS"))
}

// Abort deletes the job's staging area (and the target directory if the job created
// it and it is still empty), leaving the target as it was before the job. It is safe
// to call more than once and after Commit (then it does nothing).
func (j *Job) Abort() error {
	if j.skipped || j.done {
		return nil
	}
	j.done = true
	return j.cleanup()
}

func (j *Job) cleanup() error {
	err := os.RemoveAll(j.spec.staging())
	_ = os.Remove(filepath.Join(j.spec.Target, tempDirName)) // only if no other job stages there
	if j.createdTarget {
		_ = os.Remove(j.spec.Target) // only if empty
	}
	return err
}

// TaskCommit describes the files a committed task contributed to its job.
type TaskCommit struct {
	Task    int `json:"task"`
	Attempt int `json:"attempt"`
	// Files are the task's files, relative to the target.
	Files []string `json:"files"`
	Rows  int64    `json:"rows"`
}

// ErrTaskCommitted is returned by TaskWriter.Commit when another attempt of the same
// task already committed.
var ErrTaskCommitted = errors.New("datasource: another attempt of this task already committed")

var uuidMu sync.Mutex

func newUUID() string {
	uuidMu.Lock()
	defer uuidMu.Unlock()
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b[:])
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}

// partitionDir is Hive's key=value directory name, escaped as Spark escapes it; NULL
// and the empty string become __HIVE_DEFAULT_PARTITION__.
func partitionDir(col, value string, null bool) string {
	if null || value == "" {
		value = defaultPartitionName
	} else {
		value = escapePathName(value)
	}
	return escapePathName(col) + "=" + value
}

// defaultPartitionName is the directory value of a NULL (or empty) partition value.
const defaultPartitionName = "__HIVE_DEFAULT_PARTITION__"

// escapePathName is Spark's ExternalCatalogUtils.escapePathName: control characters,
// DEL and "#%'*/:=?\{[]^ become %XX.
func escapePathName(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r < 0x20 || r == 0x7f || strings.ContainsRune("\"#%'*/:=?\\{[]^", r) {
			fmt.Fprintf(&b, "%%%02X", r)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// maxRecordsPerFile reads the option (0 or negative: no limit).
func maxRecordsPerFile(opts Options) (int64, error) {
	v, ok := opts.Get("maxRecordsPerFile")
	if !ok {
		return 0, nil
	}
	n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
	if err != nil {
		return 0, sqlerr.IllegalArgument("maxRecordsPerFile must be an integer, got " + v)
	}
	return n, nil
}

// GetOr returns an option's value (keys are case-insensitive) or def.
func (o Options) GetOr(key, def string) string {
	if v, ok := o.Get(key); ok {
		return v
	}
	return def
}
