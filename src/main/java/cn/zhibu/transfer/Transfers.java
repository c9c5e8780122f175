package cn.zhibu.transfer;

import java.util.List;
import java.util.UUID;

/** The 组织关系转接 answers on the wire: {@code Transfer}, {@code TransferList}, {@code TransferBatch}, {@code Graduates}. */
final class Transfers {
  private Transfers() {
  }

  /** A receiving organisation outside the school, as its letter is addressed. */
  record External(String organisation, String address) {
  }

  /** What a secretary sends: who moves, and where to (a branch of the school, or an organisation outside it). */
  record Asked(UUID personId, UUID toOrgId, External toExternal, String reason) {
  }

  /** What a secretary sends for a graduating class: everyone to the same place, for the same reason. */
  record AskedBatch(List<UUID> personIds, UUID toOrgId, External toExternal, String reason) {
  }

  /** {@code Transfer}. */
  record Transfer(UUID id, UUID personId, String name, UUID fromOrgId, String fromOrg, UUID toOrgId, String toOrg,
      External toExternal, String reason, String status, String requestedAt, String decidedAt, String decisionNote) {
  }

  record Page(List<Transfer> items) {
  }

  /** {@code TransferBatch}: the transfers asked in one step. */
  record Batch(UUID batchId, List<Transfer> items) {
  }

  /** A graduate of the year still on a roster of the subtree, with the transfer waiting for them, if any. */
  record Graduate(UUID personId, String number, String name, String org, String stage, String graduatesOn,
      UUID pendingTransferId) {
  }

  /** {@code Graduates}. */
  record Graduates(UUID orgId, int year, int notTransferred, int pending, List<Graduate> items) {
  }
}
