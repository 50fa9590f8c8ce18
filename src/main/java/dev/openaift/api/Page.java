package dev.openaift.api;

import java.util.List;

/**
 * One page of a list answer, in the API's order.
 *
 * @param data the items of this page
 * @param hasMore whether the API has more items after the last one of this page
 */
public record Page<T>(List<T> data, boolean hasMore) {
  public Page {
    data = data == null ? List.of() : List.copyOf(data);
  }

  /** The last item of the page (the one to pass as {@code after} for the next page), or null. */
  public T last() {
    return data.isEmpty() ? null : data.get(data.size() - 1);
  }
}
