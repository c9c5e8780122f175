package cn.zhibu.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import cn.zhibu.support.TestServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Landed migrations are never edited; the one that once was (V2) is realigned, and only that one. */
class MigrationHistoryTest {

  private static String jdbc(String database) {
    return "jdbc:" + TestServer.PG_HOST.replaceFirst("postgresql://[^@]*@", "postgresql://") + "/" + database;
  }

  private static void sql(String database, String statement) throws Exception {
    try (Connection c = DriverManager.getConnection(jdbc(database), "postgres", ""); Statement s = c.createStatement()) {
      s.execute(statement);
    }
  }

  private static int v2Checksum(String database) throws Exception {
    try (Connection c = DriverManager.getConnection(jdbc(database), "postgres", ""); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT checksum FROM flyway_schema_history WHERE version = '2'")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  @Test
  @DisplayName("an installation that ran the edited V2 starts again; any other changed checksum still stops the start")
  void editedV2Realigned() throws Exception {
    String database = "zhibu_migrations_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    sql("postgres", "CREATE DATABASE " + database);
    try {
      var connect = Database.connectOptions(TestServer.PG_HOST + "/" + database);
      Database.migrate(connect);
      assertEquals(Database.LANDED_V2_CHECKSUM, v2Checksum(database), "V2 is recorded as it landed");

      sql(database, "UPDATE flyway_schema_history SET checksum = " + Database.EDITED_V2_CHECKSUM + " WHERE version = '2'");
      assertEquals(0, Database.migrate(connect), "nothing to run, and no refusal");
      assertEquals(Database.LANDED_V2_CHECKSUM, v2Checksum(database));

      sql(database, "UPDATE flyway_schema_history SET checksum = 12345 WHERE version = '2'");
      assertThrows(RuntimeException.class, () -> Database.migrate(connect), "an unknown edit is refused");
    } finally {
      sql("postgres", "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
    }
  }
}
