package cn.zhibu.statistics;

import java.util.List;
import java.util.UUID;

/** 党内统计 on the wire, shaped like the contract's {@code Statistics}. */
final class PartyStatistics {
  private PartyStatistics() {
  }

  /** People of one category (null: not recorded) by stage. */
  record StageRow(String category, int applicant, int activist, int candidate, int probationary, int full, int total) {
  }

  /** A labelled count, in the order a 党内统计 table prints them. */
  record Count(String key, String label, int count) {
  }

  record OrgCount(String kind, String category, int count) {
  }

  /** Seed 002 §14: every teacher branch's secretary a 双带头人. */
  record TeacherBranches(int count, int withDualLeader, Double share) {
  }

  record Development(int year, int applications, int activists, int candidates, int admitted, int fullMembers) {
  }

  /** {@code Statistics}. */
  record Report(UUID orgId, String date, List<StageRow> people, int partyMembers, List<Count> gender,
      List<Count> ethnicity, List<Count> ageBands, List<Count> education, List<OrgCount> orgs,
      TeacherBranches teacherBranches, Development development) {
  }
}
