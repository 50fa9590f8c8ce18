package dev.openaift.retirement;

import dev.openaift.api.ModelEntry;
import dev.openaift.job.ModelIds;
import dev.openaift.metrics.ShutdownDates;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The one place that says when a model shuts down, how many days are left, and where the date came
 * from. For a model it takes, in order: the model's own {@code shutdown_date} from the models API;
 * its base model's (a fine-tune or checkpoint {@code ft:BASE:...} dies with {@code BASE}); the
 * dated {@link RetirementTable}. Days are counted in UTC calendar days from the injected clock's
 * today, so the answer never depends on when or where it runs.
 *
 * <pre>{@code
 * Shutdowns s = new Shutdowns(RetirementTable.builtIn(), clock).withModels(gateway.listModels());
 * Shutdown d = s.of("ft:gpt-4o-mini-2024-07-18:org::abc"); // 2027-01-14, 46 days, "base model"
 * }</pre>
 */
public final class Shutdowns implements ShutdownDates {
  private final RetirementTable table;
  private final Clock clock;

  /** Models listed by the API with their date (null values: listed without a date). */
  private final Map<String, LocalDate> api;

  /** The serving provider's own table ({@link #forProvider}), or null: OpenAI's dates. */
  private final RetirementTable provider;

  public Shutdowns(RetirementTable table, Clock clock) {
    this(table, clock, Map.of(), null);
  }

  private Shutdowns(
      RetirementTable table, Clock clock, Map<String, LocalDate> api, RetirementTable provider) {
    this.table = table;
    this.clock = clock;
    this.api = api;
    this.provider = provider;
  }

  /**
   * {@code dates} as the dates they are: the {@code Shutdowns} a command put into its analysis
   * options, or null for none. Every implementation of {@link ShutdownDates} in main code is this
   * class; anything else is a programming error.
   */
  public static Shutdowns given(ShutdownDates dates) {
    if (dates == null || dates instanceof Shutdowns) {
      return (Shutdowns) dates;
    }
    throw new IllegalArgumentException("not the retirement dates: " + dates.getClass().getName());
  }

  /** {@link #of}, for the analysis: null when no date is known. */
  @Override
  public ShutdownDate shutdownOf(String model) {
    Shutdown s = of(model);
    return s.known() && s.daysLeft() != null
        ? new ShutdownDate(s.date(), s.daysLeft(), s.from())
        : null;
  }

  /**
   * The dates of fine-tunes served by {@code provider} (an archived job's {@code source.json}
   * provider): when the table has a section for it ({@code azure}), that section alone, without
   * OpenAI's models list or OpenAI's table (a model it does not list has no known date); otherwise
   * these dates unchanged (OpenAI, a Trainer run, an older archive without a provider).
   */
  public Shutdowns forProvider(String provider) {
    return table.provider(provider).map(p -> new Shutdowns(table, clock, Map.of(), p)).orElse(this);
  }

  /** These dates plus the {@code shutdown_date} of every model of a models list. */
  public Shutdowns withModels(Collection<ModelEntry> models) {
    Map<String, LocalDate> m = new HashMap<>(api);
    for (ModelEntry e : models) {
      if (e.id() != null) {
        m.put(e.id(), e.shutdownDate());
      }
    }
    return new Shutdowns(table, clock, m, provider);
  }

  public RetirementTable table() {
    return table;
  }

  /** Today in UTC by the injected clock. */
  public LocalDate today() {
    return LocalDate.now(clock.withZone(ZoneOffset.UTC));
  }

  /** Days from today to {@code date}: 0 on the day, negative after it. */
  public long daysUntil(LocalDate date) {
    return ChronoUnit.DAYS.between(today(), date);
  }

  /**
   * When {@code model} (a base model, fine-tune or checkpoint) shuts down, and where that was
   * found.
   */
  public Shutdown of(String model) {
    if (provider != null) {
      return provider
          .find(ModelIds.base(model))
          .map(
              d ->
                  new Shutdown(model, d, daysUntil(d), DateSource.PROVIDER_TABLE, provider.label()))
          .orElseGet(() -> new Shutdown(model, null, null, DateSource.NONE));
    }
    LocalDate own = api.get(model);
    if (own != null) {
      return at(model, own, DateSource.MODELS_API);
    }
    if (ModelIds.isAzureFineTune(model)) {
      // an Azure deployment retires on Azure's schedule, not on the date OpenAI gives its base
      return new Shutdown(model, null, null, DateSource.NONE);
    }
    String base = ModelIds.base(model);
    if (base != null && !base.equals(model)) {
      LocalDate b = api.get(base);
      if (b != null) {
        return at(model, b, DateSource.BASE_MODEL);
      }
    }
    Optional<LocalDate> known = table.find(base);
    return known
        .map(d -> at(model, d, DateSource.RESOURCE))
        .orElseGet(() -> new Shutdown(model, null, null, DateSource.NONE));
  }

  /**
   * The platform dates in one line: {@code new fine-tuning jobs stop on 2027-01-06 (38 days)}, or
   * {@code new fine-tuning jobs stopped on 2027-01-06 (3 days ago)}; empty when the table has no
   * date, and for another provider's dates ({@link #forProvider}).
   */
  public Optional<String> platformLine() {
    if (provider != null) {
      // the table's date is OpenAI's; a provider trains on its own schedule
      return Optional.empty();
    }
    return table
        .newJobsStop()
        .map(
            d -> {
              long days = daysUntil(d);
              return days > 0
                  ? "new fine-tuning jobs stop on " + d + " (" + plural(days, "day") + ")"
                  : "new fine-tuning jobs stopped on "
                      + d
                      + (days == 0 ? " (today)" : " (" + plural(-days, "day") + " ago)");
            });
  }

  /**
   * Days left for people: {@code 46 days}, {@code today}, {@code shut down 3 days ago}, {@code -}.
   */
  public static String describeDaysLeft(Shutdown s) {
    if (s.daysLeft() == null) {
      return "-";
    }
    long d = s.daysLeft();
    if (d > 0) {
      return plural(d, "day");
    }
    return d == 0 ? "shuts down today" : "shut down " + plural(-d, "day") + " ago";
  }

  private Shutdown at(String model, LocalDate date, DateSource source) {
    return new Shutdown(model, date, daysUntil(date), source);
  }

  private static String plural(long n, String unit) {
    return n + " " + unit + (n == 1 ? "" : "s");
  }
}
