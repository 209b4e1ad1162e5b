package fulgur;

import java.util.List;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Runs the Spark Connect JVM client against the URL given as the only argument. */
public final class RangeCount {
  public static void main(String[] args) {
    SparkSession spark = SparkSession.builder().remote(args[0]).getOrCreate();
    try {
      long n = spark.range(10).count();
      System.out.println("range count " + n);
      if (n != 10) {
        throw new AssertionError("spark.range(10).count() = " + n);
      }
      List<Row> rows = spark.sql("SELECT 1 AS one, 'x' AS s").collectAsList();
      System.out.println("sql rows " + rows);
      if (rows.size() != 1 || rows.get(0).getInt(0) != 1 || !rows.get(0).getString(1).equals("x")) {
        throw new AssertionError("unexpected rows " + rows);
      }
      System.out.println("OK");
    } finally {
      spark.stop();
    }
  }
}
