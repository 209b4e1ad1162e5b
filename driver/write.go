package driver

import (
	"context"
	"errors"
	"io"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/fulgur/fulgur/catalog"
	"github.com/fulgur/fulgur/connectsvc"
	"github.com/fulgur/fulgur/datasource"
	"github.com/fulgur/fulgur/plan"
	"github.com/fulgur/fulgur/sql/types"
	"github.com/fulgur/fulgur/sqlerr"
)

var _ connectsvc.WriteEngine = (*Engine)(nil)

// Write runs a DataFrameWriter operation: to a path, as a new or replaced catalog
// table (saveAsTable), or into an existing one (insertInto). Files are written into a
// staging area and published by one commit, so readers never see a partial result and
// a failed write leaves the old data intact.
func (e *Engine) Write(ctx context.Context, sess connectsvc.SessionContext, w connectsvc.WriteRequest) error {
	mode, err := datasource.ParseSaveMode(w.Mode)
	if err != nil {
		return err
	}
	resolved, err := e.Analyze(ctx, sess, w.Input)
	if err != nil {
		return err
	}
	format := strings.ToLower(w.Format)
	if format == "" {
		format = "parquet" // spark.sql.sources.default
	}
	if w.Table == nil {
		if w.Path == "" {
			return sqlerr.IllegalArgument("'path' is not specified")
		}
		return e.writeFiles(ctx, sess, resolved, w.Path, format, mode, w.Options, w.PartitionBy)
	}
	if e.cat == nil {
		return sqlerr.Unsupported("catalog tables (the driver runs without a warehouse)")
	}
	id, err := e.ident(sess, w.Table)
	if err != nil {
		return err
	}
	existing, err := e.cat.GetTable(ctx, id)
	exists := err == nil
	if err != nil && !sqlerr.HasClass(err, "TABLE_OR_VIEW_NOT_FOUND") {
		return err
	}
	if w.InsertInto {
		if !exists {
			return catalog.TableNotFound(w.Table, [][]string{{"spark_catalog", e.dbs.get(sess.SessionID())}})
		}
		if mode != Overwrite {
			mode = datasource.Append
		}
		return e.insertInto(ctx, sess, existing, resolved, mode == datasource.Overwrite)
	}
	if exists {
		switch mode {
		case datasource.ErrorIfExists:
			return sqlerr.New("TABLE_OR_VIEW_ALREADY_EXISTS", "relationName", "`spark_catalog`.`"+id.DB+"`.`"+id.Name+"`")
		case datasource.Ignore:
			return nil
		case datasource.Append:
			return e.insertInto(ctx, sess, existing, resolved, false)
		}
		if err := e.cat.DropTable(ctx, id, false, false); err != nil {
			return err
		}
	}
	return e.createTableAs(ctx, sess, id, resolved, format, w.PartitionBy, w.Options)
}

// Overwrite is datasource.Overwrite (a short name for the mode checks above).
const Overwrite = datasource.Overwrite

// createTableAs creates a managed table with the query's schema and writes its rows.
func (e *Engine) createTableAs(ctx context.Context, sess connectsvc.SessionContext, id catalog.Ident, resolved plan.Rel, format string, partitionBy []string, opts map[string]string) error {
	schema := plan.Schema(resolved)
	// Spark keeps partition columns last.
	if len(partitionBy) > 0 {
		var data, parts []types.StructField
		for _, f := range schema.Fields {
			isPart := false
			for _, p := range partitionBy {
				isPart = isPart || strings.EqualFold(p, f.Name)
			}
			if isPart {
				parts = append(parts, f)
			} else {
				data = append(data, f)
			}
		}
		schema = types.StructType{Fields: append(data, parts...)}
	}
	t, err := e.cat.CreateTable(ctx, catalog.Table{Ident: id, Type: catalog.Managed, Provider: format, Schema: schema,
		PartitionColumns: partitionBy, Options: opts}, false)
	if err != nil {
		return err
	}
	if err := e.writeFiles(ctx, sess, resolved, localPath(t.Location), format, datasource.Overwrite, opts, partitionBy); err != nil {
		_ = e.cat.DropTable(ctx, id, true, false)
		return err
	}
	return nil
}

// insertInto writes rows into an existing table, matching columns by position and
// casting them to the table's types.
func (e *Engine) insertInto(ctx context.Context, sess connectsvc.SessionContext, t catalog.Table, resolved plan.Rel, overwrite bool) error {
	if t.IsView() {
		return sqlerr.New("EXPECT_TABLE_NOT_VIEW.NO_ALTERNATIVE", "operation", "INSERT", "viewName", "`"+t.Ident.DB+"`.`"+t.Ident.Name+"`")
	}
	out := resolved.Output()
	if len(out) != len(t.Schema.Fields) {
		return sqlerr.New("INSERT_COLUMN_ARITY_MISMATCH.TOO_MANY_DATA_COLUMNS", "tableName", "`spark_catalog`.`"+t.Ident.DB+"`.`"+t.Ident.Name+"`",
			"tableColumns", "", "dataColumns", "")
	}
	list := make([]plan.Expr, len(out))
	for i, a := range out {
		f := t.Schema.Fields[i]
		var x plan.Expr = a
		if !types.Equal(a.Type, f.Type) {
			x = &plan.Cast{Child: a, To: f.Type, Mode: plan.EvalANSI, Implicit: true}
		}
		list[i] = &plan.Alias{Child: x, Name: f.Name, ID: plan.NewAttrID()}
	}
	mode := datasource.Append
	if overwrite {
		mode = datasource.Overwrite
	}
	return e.writeFiles(ctx, sess, &plan.Project{Input: resolved, List: list}, localPath(t.Location), t.Provider, mode, t.Options, t.PartitionColumns)
}

// writeFiles runs a resolved plan and writes its rows as one atomic job: one task
// writer fed by the query's result stream, committed, then the job committed.
func (e *Engine) writeFiles(ctx context.Context, sess connectsvc.SessionContext, resolved plan.Rel, path, format string, mode datasource.SaveMode, opts map[string]string, partitionBy []string) error {
	schema := types.ArrowSchema(plan.Schema(resolved), settings(sess).timeZone)
	job, err := datasource.NewJob(path, mode, datasource.JobConfig{Format: format, Options: datasource.Options(opts),
		PartitionBy: partitionBy, Schema: schema})
	if err != nil {
		return err
	}
	if job.Skipped() {
		return nil
	}
	if err := e.writeTask(ctx, sess, job, resolved, schema); err != nil {
		_ = job.Abort()
		return err
	}
	if err := job.Commit(); err != nil {
		_ = job.Abort()
		return err
	}
	return nil
}

func (e *Engine) writeTask(ctx context.Context, sess connectsvc.SessionContext, job *datasource.Job, resolved plan.Rel, schema *arrow.Schema) error {
	res, err := e.executeResolved(ctx, sess, resolved)
	if err != nil {
		return err
	}
	defer res.Close()
	w, err := job.NewTask(0, 0, schema, memory.DefaultAllocator)
	if err != nil {
		return err
	}
	for {
		b, err := res.Next(ctx)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			w.Abort()
			return err
		}
		err = w.Write(ctx, b)
		b.Release()
		if err != nil {
			w.Abort()
			return err
		}
	}
	if _, err := w.Commit(); err != nil {
		w.Abort()
		return err
	}
	return nil
}
