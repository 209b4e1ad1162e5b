// Command goclient runs apache/spark-connect-go against a Spark Connect server:
// a SQL query over range() and a DataFrame built from range, checking the rows.
package main

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/apache/spark-connect-go/spark/sql"
	"github.com/apache/spark-connect-go/spark/sql/types"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: goclient sc://host:port")
		os.Exit(2)
	}
	if err := run(os.Args[1]); err != nil {
		fmt.Fprintln(os.Stderr, "FAIL:", err)
		os.Exit(1)
	}
	fmt.Println("OK")
}

func run(remote string) error {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	spark, err := sql.NewSessionBuilder().Remote(remote).Build(ctx)
	if err != nil {
		return err
	}
	defer spark.Stop()

	df, err := spark.Sql(ctx, "SELECT id, id * 2 AS twice FROM range(5) WHERE id > 1")
	if err != nil {
		return err
	}
	rows, err := df.Collect(ctx)
	if err != nil {
		return err
	}
	if len(rows) != 3 {
		return fmt.Errorf("sql: got %d rows, want 3", len(rows))
	}
	for i, r := range rows {
		id, twice := r.At(0), r.At(1)
		fmt.Println("sql row", id, twice)
		if id != int64(i+2) || twice != int64(2*(i+2)) {
			return fmt.Errorf("sql row %d = %v, %v", i, id, twice)
		}
	}

	rdf, err := spark.Sql(ctx, "SELECT * FROM range(10)")
	if err != nil {
		return err
	}
	n, err := rdf.Count(ctx)
	if err != nil {
		return err
	}
	fmt.Println("range count", n)
	if n != 10 {
		return fmt.Errorf("range count = %d, want 10", n)
	}

	// Local data arrives as an Arrow IPC stream without its end-of-stream marker.
	schema := types.StructOf(types.NewStructField("id", types.INTEGER), types.NewStructField("name", types.STRING))
	ldf, err := spark.CreateDataFrame(ctx, [][]any{{1, "Sarah"}, {2, "Maria"}}, schema)
	if err != nil {
		return err
	}
	lrows, err := ldf.Collect(ctx)
	if err != nil {
		return err
	}
	if len(lrows) != 2 || lrows[1].At(1) != "Maria" {
		return fmt.Errorf("local rows = %v", lrows)
	}
	fmt.Println("local rows", lrows)
	return nil
}
