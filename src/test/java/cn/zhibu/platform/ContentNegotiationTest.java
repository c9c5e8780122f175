package cn.zhibu.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** JSON or xlsx by Accept: the spreadsheet only when the client ranks it first. */
class ContentNegotiationTest {
  private static final String XLSX = Respond.XLSX;

  @ParameterizedTest(name = "{0} → xlsx? {1}")
  @CsvSource(delimiter = '|', value = {
      "''|false",
      "application/json|false",
      "*/*|false",
      XLSX + "|true",
      "application/json, " + XLSX + "|false",
      XLSX + ", application/json|true",
      "application/json;q=0.5, " + XLSX + "|true",
      XLSX + ";q=0.2, */*|false",
      XLSX + ";q=0|false",
      XLSX + ", */*;q=0.1|true"})
  void choosesByRank(String accept, boolean spreadsheet) {
    assertEquals(spreadsheet, Input.prefersSpreadsheet(accept));
  }
}
