package dev.openaift.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Pages} against scripted list endpoints. */
class PagesTest {
  private static final List<String> ITEMS = List.of("a", "b", "c", "d", "e");

  /**
   * A list endpoint over {@code items}: pages of {@code size} after the given id; records each
   * cursor.
   */
  private static Pages.Fetch<String> endpoint(List<String> items, int size, List<String> cursors) {
    return after -> {
      cursors.add(after);
      int from = after == null ? 0 : items.indexOf(after) + 1;
      int to = Math.min(items.size(), from + size);
      return new Page<>(items.subList(from, to), to < items.size());
    };
  }

  @Test
  void pagesOfOneAndTwoGiveEveryItemOnceInOrder() {
    for (int size : new int[] {1, 2, 5, 100}) {
      List<String> cursors = new ArrayList<>();
      assertEquals(ITEMS, Pages.all(endpoint(ITEMS, size, cursors), s -> s), "size " + size);
      assertEquals((ITEMS.size() + size - 1) / size, cursors.size(), "size " + size);
      assertEquals(null, cursors.get(0));
    }
    List<String> cursors = new ArrayList<>();
    Pages.all(endpoint(ITEMS, 2, cursors), s -> s);
    assertEquals(java.util.Arrays.asList(null, "b", "d"), cursors);
  }

  @Test
  void anEmptyListIsOneRequest() {
    List<String> cursors = new ArrayList<>();
    assertEquals(List.of(), Pages.all(endpoint(List.of(), 2, cursors), s -> s));
    assertEquals(1, cursors.size());
  }

  @Test
  void hasMoreWithAnEmptyPageStops() {
    List<String> cursors = new ArrayList<>();
    Pages.Fetch<String> fetch =
        after -> {
          cursors.add(after);
          return after == null ? new Page<>(List.of("a", "b"), true) : new Page<>(List.of(), true);
        };
    assertEquals(List.of("a", "b"), Pages.all(fetch, s -> s));
    assertEquals(java.util.Arrays.asList(null, "b"), cursors);
  }

  @Test
  void aServerRepeatingItselfDoesNotLoopOrRepeatItems() {
    List<String> cursors = new ArrayList<>();
    Pages.Fetch<String> sameAgain =
        after -> {
          cursors.add(after);
          return new Page<>(List.of("a", "b"), true);
        };
    assertEquals(List.of("a", "b"), Pages.all(sameAgain, s -> s));
    assertEquals(2, cursors.size());
    cursors.clear();
    Pages.walk("b", sameAgain, (page, after) -> "b");
    assertEquals(List.of("b"), cursors);
  }

  @Test
  void theCallerStopsTheWalk() {
    List<String> cursors = new ArrayList<>();
    List<String> seen = new ArrayList<>();
    Pages.walk(
        endpoint(ITEMS, 2, cursors),
        s -> s,
        page -> {
          seen.addAll(page.data());
          return !page.data().contains("c");
        });
    assertEquals(List.of("a", "b", "c", "d"), seen);
    assertEquals(2, cursors.size());
  }

  @Test
  void aFetchThatFailsAndIsRetriedAsksForTheSameCursorAgain() {
    List<String> cursors = new ArrayList<>();
    Pages.Fetch<String> flaky = endpoint(ITEMS, 2, cursors);
    int[] calls = {0};
    List<String> attempts = new ArrayList<>();
    Pages.Fetch<String> retried =
        after -> {
          while (true) {
            attempts.add(after);
            try {
              if (++calls[0] == 2) {
                throw new ApiException(
                    ApiException.Kind.SERVER, "503 in the middle of the listing");
              }
              return flaky.after(after);
            } catch (ApiException retry) {
              // the retry asks again for the same page
            }
          }
        };
    assertEquals(ITEMS, Pages.all(retried, s -> s));
    assertEquals(java.util.Arrays.asList(null, "b", "b", "d"), attempts);
    assertEquals(java.util.Arrays.asList(null, "b", "d"), cursors);
  }
}
