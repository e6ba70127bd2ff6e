package org.ctlsock.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Head costs are reserved in steps, but never refused while exactly what the head needs still fits. */
class MemoryReservationTest {
  @Test
  void aUsualHeadIsPaidForOnceWithItsFirstLine() {
    MemoryBudget budget = new MemoryBudget(1 << 20);
    MemoryReservation request = new MemoryReservation(budget);
    assertThat(request.coverHead(30)).isTrue();
    long afterFirstLine = budget.reserved();
    assertThat(afterFirstLine).isEqualTo(MemoryReservation.HEAD_STEP);
    assertThat(request.coverHead(30 + 40)).isTrue();
    assertThat(request.coverHead(30 + 40 + 200)).isTrue();
    assertThat(budget.reserved()).as("no further reservation within the step").isEqualTo(afterFirstLine);
    request.endRequest();
    assertThat(budget.reserved()).isZero();
  }

  @Test
  void nearTheBudgetsEndOnlyWhatIsNeededIsReserved() {
    long needed = 100 * MemoryReservation.HEAD_BYTE;
    MemoryBudget budget = new MemoryBudget(needed + 8); // room for the head, not for a whole step
    MemoryReservation request = new MemoryReservation(budget);
    assertThat(request.coverHead(100)).isTrue();
    assertThat(budget.reserved()).isEqualTo(needed);
    assertThat(request.coverHead(102)).as("two more head bytes no longer fit").isFalse();
    request.endRequest();
    assertThat(budget.reserved()).isZero();
  }
}
