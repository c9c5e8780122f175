package cn.zhibu.profile;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.util.UUID;

/** Every query of 党员信息: reading a person's record and correcting the fields a change names. */
final class ProfileRepository {
  private static final String COLUMNS = "id, org_id, name, number, stage, gender, birth_date, ethnicity, education, "
      + "joined_at, full_member_at, category, professional_title, job_post, dual_leader, graduates_on";

  /** A person's record as 党内统计 asks for it, with their branch. */
  record Stored(UUID orgId, Profile profile) {
  }

  /** The contract's {@code Profile}. */
  record Profile(UUID personId, String name, String stage, String gender, String birthDate, String ethnicity,
      String education, String joinedAt, String fullMemberAt, String category, String professionalTitle, String post,
      boolean dualLeader, String graduatesOn) {
  }

  private final Pool pool;

  ProfileRepository(Pool pool) {
    this.pool = pool;
  }

  /** The person's record, or null (no such person, anonymised). */
  Future<Stored> find(UUID id) {
    return pool.preparedQuery("SELECT " + COLUMNS + " FROM persons WHERE id = $1 AND anonymised_at IS NULL")
        .execute(Tuple.of(id)).map(rows -> rows.size() == 0 ? null : stored(rows.iterator().next()));
  }

  /** Sets the fields {@code changes} names (a null value clears one), leaves the others; answers the record. */
  Future<Stored> update(SqlClient tx, UUID id, JsonObject changes) {
    return tx.preparedQuery("""
            UPDATE persons SET
              gender = CASE WHEN $2 THEN $3 ELSE gender END,
              birth_date = CASE WHEN $4 THEN $5::date ELSE birth_date END,
              ethnicity = CASE WHEN $6 THEN $7 ELSE ethnicity END,
              education = CASE WHEN $8 THEN $9 ELSE education END,
              joined_at = CASE WHEN $10 THEN $11::date ELSE joined_at END,
              full_member_at = CASE WHEN $12 THEN $13::date ELSE full_member_at END,
              category = CASE WHEN $14 THEN $15 ELSE category END,
              professional_title = CASE WHEN $16 THEN $17 ELSE professional_title END,
              job_post = CASE WHEN $18 THEN $19 ELSE job_post END,
              dual_leader = CASE WHEN $20 THEN coalesce($21, false) ELSE dual_leader END,
              graduates_on = CASE WHEN $22 THEN $23::date ELSE graduates_on END,
              updated_at = now()
            WHERE id = $1 RETURNING\s""" + COLUMNS)
        .execute(Tuple.tuple().addUUID(id)
            .addBoolean(changes.containsKey("gender")).addString(changes.getString("gender"))
            .addBoolean(changes.containsKey("birthDate")).addLocalDate(day(changes, "birthDate"))
            .addBoolean(changes.containsKey("ethnicity")).addString(changes.getString("ethnicity"))
            .addBoolean(changes.containsKey("education")).addString(changes.getString("education"))
            .addBoolean(changes.containsKey("joinedAt")).addLocalDate(day(changes, "joinedAt"))
            .addBoolean(changes.containsKey("fullMemberAt")).addLocalDate(day(changes, "fullMemberAt"))
            .addBoolean(changes.containsKey("category")).addString(changes.getString("category"))
            .addBoolean(changes.containsKey("professionalTitle")).addString(text(changes, "professionalTitle"))
            .addBoolean(changes.containsKey("post")).addString(text(changes, "post"))
            .addBoolean(changes.containsKey("dualLeader")).addBoolean(changes.getBoolean("dualLeader"))
            .addBoolean(changes.containsKey("graduatesOn")).addLocalDate(day(changes, "graduatesOn")))
        .map(rows -> stored(rows.iterator().next()));
  }

  private static Stored stored(Row r) {
    return new Stored(r.getUUID("org_id"), new Profile(r.getUUID("id"), r.getString("name"), r.getString("stage"),
        r.getString("gender"), date(r, "birth_date"), r.getString("ethnicity"), r.getString("education"),
        date(r, "joined_at"), date(r, "full_member_at"), r.getString("category"), r.getString("professional_title"),
        r.getString("job_post"), r.getBoolean("dual_leader"), date(r, "graduates_on")));
  }

  private static String date(Row r, String column) {
    LocalDate d = r.getLocalDate(column);
    return d == null ? null : d.toString();
  }

  private static String text(JsonObject changes, String field) {
    String v = changes.getString(field);
    return v == null || v.isBlank() ? null : v.strip();
  }

  private static LocalDate day(JsonObject changes, String field) {
    String v = changes.getString(field);
    return v == null ? null : LocalDate.parse(v);
  }
}
