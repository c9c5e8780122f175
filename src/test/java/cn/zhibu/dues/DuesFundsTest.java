package cn.zhibu.dues;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class DuesFundsTest {
  @Test
  @DisplayName("the 台账's 党费收支 note writes fen as yuan, and a balance in the red keeps its sign")
  void yuan() {
    assertEquals("1234.05", DuesFunds.yuan(123_405));
    assertEquals("0.00", DuesFunds.yuan(0));
    assertEquals("-0.50", DuesFunds.yuan(-50));
    assertEquals("-12.30", DuesFunds.yuan(-1_230));
  }
}
