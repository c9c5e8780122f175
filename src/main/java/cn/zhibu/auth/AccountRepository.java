package cn.zhibu.auth;

import cn.zhibu.platform.ApiException;
import cn.zhibu.platform.Hashing;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.UUID;

/** SQL for people as they log in and bind: the WeChat side of the persons table. */
final class AccountRepository {
  private final Pool pool;

  AccountRepository(Pool pool) {
    this.pool = pool;
  }

  /** The person behind an openid, created (as a resident) on first login. */
  Future<UUID> personForOpenid(String openid) {
    return pool.preparedQuery("""
            INSERT INTO persons (id, openid) VALUES ($1, $2)
            ON CONFLICT (openid) DO UPDATE SET updated_at = now()
            RETURNING id
            """).execute(Tuple.of(UUID.randomUUID(), openid))
        .map(rows -> rows.iterator().next().getUUID("id"));
  }

  Future<Void> grantRootAdmin(UUID personId) {
    return pool.preparedQuery("""
            INSERT INTO org_roles (person_id, org_id, role)
            SELECT $1, id, 'admin' FROM orgs WHERE parent_id IS NULL
            ON CONFLICT DO NOTHING
            """).execute(Tuple.of(personId)).mapEmpty();
  }

  Future<Users.User> user(UUID personId) {
    return pool.preparedQuery("""
            SELECT p.id, p.name, p.number IS NOT NULL AS bound,
                   coalesce(array_agg(r.role ORDER BY r.granted_at, r.role) FILTER (WHERE r.role IS NOT NULL), '{}') AS roles,
                   coalesce(array_agg(r.org_id ORDER BY r.granted_at, r.role) FILTER (WHERE r.role IS NOT NULL), '{}') AS orgs
            FROM persons p LEFT JOIN org_roles r ON r.person_id = p.id
            WHERE p.id = $1 GROUP BY p.id
            """).execute(Tuple.of(personId))
        .map(rows -> {
          if (rows.size() == 0) {
            throw ApiException.notFound("The person");
          }
          Row row = rows.iterator().next();
          String[] roles = row.getArrayOfStrings("roles");
          UUID[] orgs = row.getArrayOfUUIDs("orgs");
          List<Users.Grant> grants = new java.util.ArrayList<>();
          for (int i = 0; i < roles.length; i++) {
            grants.add(new Users.Grant(roles[i], orgs[i]));
          }
          return new Users.User(row.getUUID("id"), row.getString("name"), row.getBoolean("bound"), grants);
        });
  }

  /**
   * Binds the logged-in person to a roster entry: the entry (number, name, stage, org, roles) is merged
   * into the login's row so the person's id stays stable, and the one-time code is spent. Any mismatch
   * gives the same answer, so bind never reveals whether a number exists.
   */
  Future<Void> bind(UUID personId, String number, String name, String activationCode) {
    ApiException mismatch = ApiException.unprocessable("auth.bind_failed",
        "The number, name and activation code do not match a roster entry");
    return pool.withTransaction(tx -> tx.preparedQuery("SELECT number FROM persons WHERE id = $1 FOR UPDATE")
        .execute(Tuple.of(personId))
        .compose(self -> {
          if (self.size() == 0) {
            return Future.failedFuture(ApiException.unauthorized("auth.session_revoked", "Log in again"));
          }
          if (self.iterator().next().getString("number") != null) {
            return Future.failedFuture(ApiException.conflict("auth.already_bound",
                "This account is already bound to a roster entry"));
          }
          return tx.preparedQuery("""
                  SELECT id, name, activation_hash FROM persons
                  WHERE number = $1 AND openid IS NULL AND anonymised_at IS NULL FOR UPDATE
                  """).execute(Tuple.of(number));
        })
        .compose(rows -> {
          Row entry = rows.size() == 0 ? null : rows.iterator().next();
          boolean codeOk = entry != null
              && Hashing.same(Hashing.sha256(activationCode.trim().toUpperCase()), entry.getString("activation_hash"));
          if (!codeOk || !name.trim().equals(entry.getString("name"))) {
            return Future.failedFuture(mismatch);
          }
          return merge(tx, entry.getUUID("id"), personId);
        }));
  }

  /**
   * Moves an unbound roster entry onto the login's row. An unbound entry owns nothing but its roles (it
   * cannot have acted yet); a feature that stores rows for unbound people must move them here too.
   */
  private static Future<Void> merge(SqlClient tx, UUID rosterId, UUID personId) {
    return tx.preparedQuery("""
            INSERT INTO org_roles (person_id, org_id, role, granted_at)
            SELECT $2, org_id, role, granted_at FROM org_roles WHERE person_id = $1
            ON CONFLICT DO NOTHING
            """).execute(Tuple.of(rosterId, personId))
        .compose(v -> tx.preparedQuery("DELETE FROM org_roles WHERE person_id = $1").execute(Tuple.of(rosterId)))
        // Events created before the person bound already expect them.
        .compose(v -> tx.preparedQuery("UPDATE event_attendees SET person_id = $2 WHERE person_id = $1")
            .execute(Tuple.of(rosterId, personId)))
        .compose(v -> tx.preparedQuery("""
            WITH entry AS (DELETE FROM persons WHERE id = $1 RETURNING number, name, phone, stage, org_id)
            UPDATE persons p SET number = e.number, name = e.name, phone = e.phone, stage = e.stage,
                   org_id = e.org_id, bound_at = now(), updated_at = now()
            FROM entry e WHERE p.id = $2
            """).execute(Tuple.of(rosterId, personId)))
        .mapEmpty();
  }

  /** Points credited to the person since {@code since} (the ledger is the points feature's; this only sums it). */
  Future<Long> pointsSince(UUID personId, java.time.Instant since) {
    return pool.preparedQuery("SELECT coalesce(sum(points), 0) FROM points_ledger WHERE person_id = $1 AND awarded_at >= $2")
        .execute(Tuple.of(personId, since.atOffset(java.time.ZoneOffset.UTC)))
        .map(rows -> rows.iterator().next().getLong(0));
  }

  /** Everything held about a person (PIPL access right). */
  Future<Users.Data> everything(UUID personId) {
    Future<JsonObject> person = pool.preparedQuery("""
            SELECT json_build_object('id', id, 'openid', openid, 'number', number, 'name', name, 'phone', phone,
                   'stage', stage, 'orgId', org_id, 'boundAt', bound_at, 'createdAt', created_at, 'gender', gender,
                   'birthDate', birth_date, 'ethnicity', ethnicity, 'education', education, 'joinedAt', joined_at,
                   'fullMemberAt', full_member_at) AS person
            FROM persons WHERE id = $1
            """).execute(Tuple.of(personId)).map(rows -> (JsonObject) rows.iterator().next().getValue("person"));
    Future<JsonArray> sessions = jsonArray("""
            SELECT coalesce(json_agg(json_build_object('id', id, 'client', client, 'createdAt', created_at,
                   'expiresAt', expires_at, 'revokedAt', revoked_at) ORDER BY created_at), '[]') FROM auth_sessions
            WHERE person_id = $1
            """, personId);
    Future<JsonArray> roles = jsonArray("""
            SELECT coalesce(json_agg(json_build_object('role', role, 'orgId', org_id, 'grantedAt', granted_at)), '[]')
            FROM org_roles WHERE person_id = $1
            """, personId);
    Future<JsonArray> actions = jsonArray("""
            SELECT coalesce(json_agg(json_build_object('action', action, 'target', target, 'at', at, 'ip', ip)
                   ORDER BY id), '[]') FROM audit_log WHERE actor_id = $1
            """, personId);
    Future<JsonArray> points = jsonArray("""
            SELECT coalesce(json_agg(json_build_object('category', category, 'points', points, 'source', source_type,
                   'sourceId', source_id, 'awardedAt', awarded_at) ORDER BY id), '[]') FROM points_ledger WHERE person_id = $1
            """, personId);
    Future<JsonArray> checkins = jsonArray("""
            SELECT coalesce(json_agg(json_build_object('eventId', event_id, 'checkedInAt', checked_in_at, 'lat', lat,
                   'lng', lng, 'offline', offline) ORDER BY checked_in_at), '[]') FROM checkins WHERE person_id = $1
            """, personId);
    Future<JsonArray> marks = jsonArray("""
            SELECT coalesce(json_agg(json_build_object('eventId', event_id, 'status', status, 'reason', reason,
                   'markedAt', marked_at) ORDER BY marked_at), '[]') FROM attendance_marks WHERE person_id = $1
            """, personId);
    Future<JsonArray> files = jsonArray("""
            SELECT coalesce(json_agg(json_build_object('id', id, 'eventId', event_id, 'name', name,
                   'contentType', content_type, 'size', size, 'uploadedAt', uploaded_at) ORDER BY uploaded_at), '[]')
            FROM event_attachments WHERE uploaded_by = $1
            """, personId);
    Future<JsonArray> leaves = jsonArray("""
            SELECT coalesce(json_agg(json_build_object('eventId', event_id, 'reason', reason, 'status', status,
                   'requestedAt', requested_at) ORDER BY requested_at), '[]') FROM leaves WHERE person_id = $1
            """, personId);
    Future<JsonArray> photos = jsonArray("""
            SELECT coalesce(json_agg(json_build_object('id', id, 'contentType', content_type, 'size', size,
                   'uploadedAt', uploaded_at) ORDER BY uploaded_at), '[]') FROM photos WHERE uploaded_by = $1
            """, personId);
    Future<JsonArray> development = jsonArray("""
            SELECT coalesce(json_agg(json_build_object('key', milestone, 'date', happened_on, 'note', note)
                   ORDER BY happened_on), '[]') FROM development_milestones WHERE person_id = $1
            """, personId);
    Future<JsonArray> dues = jsonArray("""
            SELECT coalesce(json_agg(json_build_object('month', m.month, 'amountFen', d.amount_fen, 'paymentId', d.id,
                   'recordedAt', d.recorded_at) ORDER BY m.month), '[]')
            FROM dues_paid_months m JOIN dues_payments d ON d.id = m.payment_id WHERE m.person_id = $1
            """, personId);
    Future<JsonArray> reviews = jsonArray("""
            SELECT coalesce(json_agg(json_build_object('reviewId', coalesce(s.review_id, g.review_id),
                   'selfAssessment', s.text, 'grade', g.grade, 'submittedAt', s.submitted_at)
                   ORDER BY coalesce(s.submitted_at, g.decided_at)), '[]')
            FROM (SELECT * FROM review_selfs WHERE person_id = $1) s
            FULL JOIN (SELECT * FROM review_grades WHERE person_id = $1) g ON g.review_id = s.review_id
            """, personId);
    Future<JsonArray> transfers = jsonArray("""
            SELECT coalesce(json_agg(json_build_object('id', id, 'fromOrgId', from_org_id, 'toOrgId', to_org_id,
                   'toExternal', external_org, 'reason', reason, 'status', status, 'requestedAt', requested_at)
                   ORDER BY requested_at), '[]') FROM transfers WHERE person_id = $1
            """, personId);
    // 谈心谈话: those the person was in (that they took place, the topic) and those they held, with their own notes
    Future<JsonArray> talks = jsonArray("""
            SELECT coalesce(json_agg(json_build_object('talkId', t.id, 'talkedAt', t.talked_on, 'topic', t.topic,
                   'talker', t.talker_id = $1, 'notes', CASE WHEN t.talker_id = $1 THEN t.notes END)
                   ORDER BY t.talked_on), '[]')
            FROM talks t WHERE t.talker_id = $1 OR t.id IN (SELECT talk_id FROM talk_people WHERE person_id = $1)
            """, personId);
    // 思想汇报 written, 培养联系人 and 入党介绍人 (as the person cultivated or as the contact), the 关怀帮扶 entry and
    // visits, and the 流动党员 entry: held about the person, so theirs to read (PIPL), though no other member sees them
    Future<JsonArray> thoughtReports = jsonArray("""
            SELECT coalesce(json_agg(json_build_object('id', id, 'period', period, 'text', body, 'submittedAt', submitted_at,
                   'acknowledgedAt', acked_at, 'comment', comment) ORDER BY submitted_at), '[]')
            FROM thought_reports WHERE person_id = $1
            """, personId);
    Future<JsonArray> contacts = jsonArray("""
            SELECT coalesce(json_agg(json_build_object('personId', person_id, 'contactId', contact_id, 'role', role,
                   'assignedAt', assigned_at) ORDER BY assigned_at), '[]')
            FROM development_contacts WHERE person_id = $1 OR contact_id = $1
            """, personId);
    Future<JsonArray> care = jsonArray("""
            SELECT coalesce(json_agg(x.entry ORDER BY x.at), '[]') FROM (
              SELECT json_build_object('register', kinds, 'note', note, 'at', set_at) AS entry, set_at AS at
              FROM care_register WHERE person_id = $1
              UNION ALL
              SELECT json_build_object('visitedAt', visited_on, 'campaign', campaign, 'support', support,
                     'amountFen', amount_fen, 'note', note), recorded_at FROM care_visits WHERE person_id = $1
              UNION ALL
              SELECT json_build_object('mobility', destination, 'contact', contact, 'since', since, 'until', until),
                     set_at FROM mobility WHERE person_id = $1) x
            """, personId);
    return Future.all(List.of(person, sessions, roles, actions, points, checkins, leaves, marks, files, photos,
            development, dues, reviews, transfers, talks, thoughtReports, contacts, care))
        .map(all -> new Users.Data(person.result(), roles.result(), sessions.result(), actions.result(), points.result(),
            checkins.result(), leaves.result(), marks.result(), files.result(), photos.result(), development.result(),
            dues.result(), reviews.result(), transfers.result(), talks.result(), thoughtReports.result(),
            contacts.result(), care.result()));
  }

  private Future<JsonArray> jsonArray(String sql, UUID personId) {
    return pool.preparedQuery(sql).execute(Tuple.of(personId)).map(rows -> {
      Object value = rows.iterator().next().getValue(0);
      return value instanceof JsonArray array ? array : new JsonArray(String.valueOf(value));
    });
  }
}
