package cn.zhibu.dues;

import java.util.List;
import java.util.UUID;

/** The 党费 answers on the wire: {@code DuesRules}, {@code DuesBases}, {@code DuesPayment}, {@code DuesLedger}, {@code MyDues}. */
final class Dues {
  private Dues() {
  }

  record Rules(List<DuesRates.Band> bands) {
  }

  record Base(UUID personId, String category, Long monthlyBaseFen, int monthlyDueFen) {
  }

  record Bases(int year, List<Base> entries) {
  }

  record Payment(UUID id, UUID personId, List<String> months, int amountFen, int dueFen) {
  }

  /** One member's year: the monthly amount (null until the base is set), what fell due, what was paid, the months. */
  record Member(UUID personId, String name, String number, String category, Integer monthlyDueFen, Integer dueFen,
      Long paidFen, List<String> paidMonths, List<String> arrearsMonths) {
  }

  record Ledger(UUID orgId, int year, List<Member> members) {
  }

  record Mine(int year, String category, Integer monthlyDueFen, Integer dueFen, Long paidFen, List<String> paidMonths,
      List<String> arrearsMonths) {
  }
}
