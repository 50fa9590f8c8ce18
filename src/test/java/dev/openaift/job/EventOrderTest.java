package dev.openaift.job;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventOrderTest {
  @TempDir Path tmp;

  /**
   * What a demo job says in its first second, in the order it happened; ids deliberately unordered.
   */
  private static List<JobEvent> demoSecond() {
    return List.of(
        message("ftevent-zz", 100, "Created fine-tuning job"),
        message("ftevent-aa", 100, "Validating training file"),
        message("ftevent-mm", 100, "Files validated, moving job to queued state"),
        metrics("ftevent-qq", 100, 1),
        metrics("ftevent-bb", 100, 2),
        metrics("ftevent-yy", 100, 3),
        metrics("ftevent-cc", 100, 4),
        message("ftevent-dd", 101, "The job has successfully completed"));
  }

  @Test
  void theApisNewestFirstOrderReversedIsTheTrueOrderWithinASecond() {
    List<JobEvent> listed = new ArrayList<>(demoSecond());
    Collections.reverse(listed);
    assertEquals(messages(demoSecond()), messages(EventOrder.fromNewestFirst(listed)));
  }

  @Test
  void aFileOldestFirstKeepsItsOrderAndANewestFirstOneIsReversed() {
    assertEquals(messages(demoSecond()), messages(EventOrder.fromFile(demoSecond(), false)));
    List<JobEvent> newestFirst = new ArrayList<>(demoSecond());
    Collections.reverse(newestFirst);
    assertEquals(messages(demoSecond()), messages(EventOrder.fromFile(newestFirst, false)));
  }

  @Test
  void withinOneSecondTheStepsTellTheDirectionAndWithoutThemTheListPageDoes() {
    List<JobEvent> oneSecond = demoSecond().subList(0, 7);
    List<JobEvent> reversed = new ArrayList<>(oneSecond);
    Collections.reverse(reversed);
    assertEquals(
        messages(oneSecond),
        messages(EventOrder.fromFile(reversed, false)),
        "steps going down: newest first");
    List<JobEvent> messagesOnly = oneSecond.subList(0, 3);
    List<JobEvent> listed = new ArrayList<>(messagesOnly);
    Collections.reverse(listed);
    assertEquals(
        messages(messagesOnly),
        messages(EventOrder.fromFile(listed, true)),
        "a list page is newest first");
    assertEquals(
        messages(messagesOnly),
        messages(EventOrder.fromFile(messagesOnly, false)),
        "JSON lines as written");
  }

  @Test
  void metricsEventsOfOneSecondGoInStepOrderWhileMessagesKeepTheirPlaces() {
    List<JobEvent> shuffled =
        List.of(
            message("ftevent-1", 100, "Created fine-tuning job"),
            metrics("ftevent-2", 100, 3),
            message("ftevent-3", 100, "Checkpoint created at step 2"),
            metrics("ftevent-4", 100, 1),
            metrics("ftevent-5", 99, 7));
    assertEquals(
        List.of(
            "Step 7",
            "Created fine-tuning job",
            "Step 1",
            "Checkpoint created at step 2",
            "Step 3"),
        messages(EventOrder.inTime(shuffled)));
  }

  @Test
  void readEventsPutsASavedListPageInTrueOrder() throws Exception {
    StringBuilder page = new StringBuilder("{\"object\":\"list\",\"has_more\":false,\"data\":[\n");
    List<JobEvent> newestFirst = new ArrayList<>(demoSecond().subList(0, 3));
    Collections.reverse(newestFirst);
    for (int i = 0; i < newestFirst.size(); i++) {
      JobEvent e = newestFirst.get(i);
      page.append(
          String.format(
              "{\"object\":\"fine_tuning.job.event\",\"id\":\"%s\",\"created_at\":%d,\"level\":\"info\","
                  + "\"message\":\"%s\",\"type\":\"message\"}%s%n",
              e.id(), e.createdAt(), e.message(), i + 1 < newestFirst.size() ? "," : ""));
    }
    page.append("]}\n");
    Path pretty = tmp.resolve("page.json");
    Files.writeString(pretty, page, StandardCharsets.UTF_8);
    assertEquals(messages(demoSecond().subList(0, 3)), messages(JobFiles.readEvents(pretty)));
    Path oneLine = tmp.resolve("page.jsonl");
    Files.writeString(oneLine, page.toString().replace("\n", "") + "\n", StandardCharsets.UTF_8);
    assertEquals(messages(demoSecond().subList(0, 3)), messages(JobFiles.readEvents(oneLine)));
  }

  private static JobEvent message(String id, long at, String text) {
    return new JobEvent(id, at, "info", text, "message", Map.of());
  }

  private static JobEvent metrics(String id, long at, long step) {
    return new JobEvent(id, at, "info", "Step " + step, "metrics", Map.of("step", step));
  }

  private static List<String> messages(List<JobEvent> events) {
    return events.stream().map(JobEvent::message).toList();
  }
}
