package dev.openaift.api;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The one way to walk a list endpoint ({@code after} / {@code has_more}): every list command, the
 * follower and the backup page through here.
 *
 * <p>A walk asks for the first page (after the given cursor), hands it to the caller, and goes on
 * after the cursor the caller returns (usually the page's last id, {@link #lastId}). It stops when
 * the caller returns null, when the page says {@code has_more: false}, or when the cursor would not
 * move (a server answering the same page again, or {@code has_more} with an empty page): it never
 * loops. Retries belong to the fetch: a retried fetch asks for the same cursor again, so a fault in
 * the middle of a listing neither skips nor repeats a page.
 */
public final class Pages {
  private Pages() {}

  /** Reads the page that follows {@code after} (null: the first page). */
  @FunctionalInterface
  public interface Fetch<T> {
    Page<T> after(String after);
  }

  /** What the caller does with a page: the cursor to continue after, or null to stop here. */
  @FunctionalInterface
  public interface Visitor<T> {
    String next(Page<T> page, String after);
  }

  /** Walks from {@code first} (null: the top of the list); see the class comment. */
  public static <T> void walk(String first, Fetch<T> fetch, Visitor<T> visitor) {
    String after = first;
    while (true) {
      Page<T> page = fetch.after(after);
      String next = visitor.next(page, after);
      if (next == null || !page.hasMore() || next.equals(after)) {
        return;
      }
      after = next;
    }
  }

  /**
   * Walks from the top, each next page after the last id of the one before, while {@code keepGoing}
   * (called with each page) says so.
   */
  public static <T> void walk(
      Fetch<T> fetch, Function<T, String> id, Function<Page<T>, Boolean> keepGoing) {
    walk(null, fetch, (page, after) -> keepGoing.apply(page) ? lastId(page, id) : null);
  }

  /**
   * Every item of the list, in the API's order, each id once (an item without an id is kept); stops
   * early when a page brings nothing new.
   */
  public static <T> List<T> all(Fetch<T> fetch, Function<T, String> id) {
    List<T> all = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    walk(
        fetch,
        id,
        page -> {
          boolean progressed = false;
          for (T item : page.data()) {
            String key = id.apply(item);
            if (key == null || seen.add(key)) {
              all.add(item);
              progressed = true;
            }
          }
          return progressed;
        });
    return all;
  }

  /** The id of the page's last item (the cursor of the next page), or null when there is none. */
  public static <T> String lastId(Page<T> page, Function<T, String> id) {
    T last = page.last();
    return last == null ? null : id.apply(last);
  }
}
