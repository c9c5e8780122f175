package cn.zhibu.dues;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The 2008 standard, as the default rate table holds it. */
class DuesRatesTest {
  private final DuesRates rates = new DuesRates(List.of(
      new DuesRates.Band("student", null, null, 20), new DuesRates.Band("other", null, null, 20),
      new DuesRates.Band("employed", null, 20, null), new DuesRates.Band("employed", 300000L, 5, null),
      new DuesRates.Band("employed", 1000000L, 15, null), new DuesRates.Band("employed", 500000L, 10, null),
      new DuesRates.Band("retired", 500000L, 5, null), new DuesRates.Band("retired", null, 10, null)));

  @Test
  @DisplayName("students pay 0.20 yuan a month whatever the base; employed members by band of their base")
  void bands() {
    assertEquals(20, rates.monthlyDue("student", null));
    assertEquals(1500, rates.monthlyDue("employed", 300000L), "3,000 yuan: 0.5 %");
    assertEquals(3000, rates.monthlyDue("employed", 300001L), "just over 3,000 yuan: 1 %");
    assertEquals(4500, rates.monthlyDue("employed", 450000L), "4,500 yuan: 1 %");
    assertEquals(12000, rates.monthlyDue("employed", 800000L), "8,000 yuan: 1.5 %");
    assertEquals(24000, rates.monthlyDue("employed", 1200000L), "12,000 yuan: 2 %");
    assertEquals(2000, rates.monthlyDue("retired", 400000L));
    assertEquals(6000, rates.monthlyDue("retired", 600000L));
    assertNull(rates.monthlyDue("employed", null), "an employed member needs a base");
  }

  @Test
  @DisplayName("amounts round half up to the fen")
  void rounding() {
    assertEquals(13, rates.monthlyDue("employed", 2500L), "25 yuan × 0.5 % = 12.5 fen → 13 fen");
  }
}
