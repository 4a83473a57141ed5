package dev.ep.schemas.registry;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Settings of {@link SchemaRegistryClient}. {@link #fromProperties(Map)} reads Confluent's property names so a
 * configuration written for Confluent's client works unchanged:
 *
 * <ul>
 *   <li>{@code schema.registry.url}: one or more base URLs, comma-separated, tried in order; a URL may carry a path
 *       prefix (Apicurio: {@code http://host:8080/apis/ccompat/v7}).
 *   <li>{@code basic.auth.credentials.source}: {@code USER_INFO} (take {@code basic.auth.user.info}, also accepted as
 *       {@code schema.registry.basic.auth.user.info}) or {@code URL} (take {@code user:password@} from the URL); when
 *       unset, the user info if given, else the URL's (Confluent's clients default to {@code URL}). The credentials go
 *       with every request, as Confluent's clients send them.
 *   <li>{@code http.connect.timeout.ms}, {@code http.read.timeout.ms}: connect and whole-request timeouts.
 *   <li>{@code max.retries}, {@code retries.wait.ms}, {@code retries.max.wait.ms}: retry rounds after the first, the
 *       first back-off and its cap; back-off doubles each round. Only I/O errors and 5xx answers are retried.
 * </ul>
 * Each key is also accepted with the prefix {@code schema.registry.}.
 */
public record SchemaRegistryClientConfig(
    List<URI> urls,
    Optional<BasicCredentials> basicAuth,
    Duration connectTimeout,
    Duration requestTimeout,
    int maxRetries,
    Duration retryInitialWait,
    Duration retryMaxWait) {

  public static final String URL = "schema.registry.url";
  public static final String BASIC_AUTH_CREDENTIALS_SOURCE = "basic.auth.credentials.source";
  public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";
  public static final String CONNECT_TIMEOUT_MS = "http.connect.timeout.ms";
  public static final String REQUEST_TIMEOUT_MS = "http.read.timeout.ms";
  public static final String MAX_RETRIES = "max.retries";
  public static final String RETRIES_WAIT_MS = "retries.wait.ms";
  public static final String RETRIES_MAX_WAIT_MS = "retries.max.wait.ms";

  private static final String PREFIX = "schema.registry.";

  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);
  public static final int DEFAULT_MAX_RETRIES = 3;
  public static final Duration DEFAULT_RETRY_INITIAL_WAIT = Duration.ofMillis(200);
  public static final Duration DEFAULT_RETRY_MAX_WAIT = Duration.ofSeconds(5);

  /** User name and password for HTTP basic authentication. */
  public record BasicCredentials(String username, String password) {
    public BasicCredentials {
      Objects.requireNonNull(username, "username");
      Objects.requireNonNull(password, "password");
    }

    /** Parses Confluent's {@code user:password} form. */
    public static BasicCredentials parse(String userInfo) {
      int colon = userInfo.indexOf(':');
      if (colon < 0) {
        throw new IllegalArgumentException("basic auth user info must be 'user:password'");
      }
      return new BasicCredentials(userInfo.substring(0, colon), userInfo.substring(colon + 1));
    }

    @Override
    public String toString() {
      return "BasicCredentials[username=" + username + ", password=***]";
    }
  }

  public SchemaRegistryClientConfig {
    urls = List.copyOf(urls);
    if (urls.isEmpty()) {
      throw new IllegalArgumentException(URL + " must name at least one registry URL");
    }
    for (URI url : urls) {
      String scheme = url.getScheme();
      if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme) || url.getHost() == null) {
        throw new IllegalArgumentException("Not an http(s) registry URL: " + url);
      }
    }
    Objects.requireNonNull(basicAuth, "basicAuth");
    requirePositive(connectTimeout, CONNECT_TIMEOUT_MS);
    requirePositive(requestTimeout, REQUEST_TIMEOUT_MS);
    if (maxRetries < 0) {
      throw new IllegalArgumentException(MAX_RETRIES + " must be >= 0");
    }
    requirePositive(retryInitialWait, RETRIES_WAIT_MS);
    requirePositive(retryMaxWait, RETRIES_MAX_WAIT_MS);
  }

  /** Defaults for the given comma-separated URL list. */
  public static SchemaRegistryClientConfig of(String urls) {
    return fromProperties(Map.of(URL, urls));
  }

  public SchemaRegistryClientConfig withBasicAuth(String username, String password) {
    return new SchemaRegistryClientConfig(urls, Optional.of(new BasicCredentials(username, password)),
        connectTimeout, requestTimeout, maxRetries, retryInitialWait, retryMaxWait);
  }

  public SchemaRegistryClientConfig withRetries(int maxRetries, Duration initialWait, Duration maxWait) {
    return new SchemaRegistryClientConfig(urls, basicAuth, connectTimeout, requestTimeout, maxRetries, initialWait,
        maxWait);
  }

  public SchemaRegistryClientConfig withTimeouts(Duration connectTimeout, Duration requestTimeout) {
    return new SchemaRegistryClientConfig(urls, basicAuth, connectTimeout, requestTimeout, maxRetries,
        retryInitialWait, retryMaxWait);
  }

  /** Reads Confluent's property names (see the class comment); unknown keys are ignored. */
  public static SchemaRegistryClientConfig fromProperties(Map<String, ?> props) {
    String urlList = string(props, URL).orElseThrow(() -> new IllegalArgumentException(URL + " is required"));
    List<URI> urls = new ArrayList<>();
    Optional<BasicCredentials> fromUrl = Optional.empty();
    for (String raw : urlList.split(",")) {
      String trimmed = raw.trim();
      if (trimmed.isEmpty()) {
        continue;
      }
      URI uri = URI.create(trimmed);
      if (uri.getRawUserInfo() != null) {
        fromUrl = Optional.of(BasicCredentials.parse(URLDecoder.decode(uri.getRawUserInfo(), StandardCharsets.UTF_8)));
        uri = URI.create(uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
            + Objects.requireNonNullElse(uri.getRawPath(), ""));
      }
      urls.add(uri);
    }
    String source = string(props, BASIC_AUTH_CREDENTIALS_SOURCE).map(s -> s.toUpperCase(Locale.ROOT)).orElse("");
    Optional<BasicCredentials> fromUrlDefault = fromUrl;
    Optional<BasicCredentials> auth = switch (source) {
      // No source: the user info when given, else user:password@ in the URL (Confluent's default source is URL).
      case "" -> string(props, BASIC_AUTH_USER_INFO).filter(s -> !s.isBlank()).map(BasicCredentials::parse)
          .or(() -> fromUrlDefault);
      case "USER_INFO" -> Optional.of(BasicCredentials.parse(string(props, BASIC_AUTH_USER_INFO).orElseThrow(
          () -> new IllegalArgumentException(BASIC_AUTH_CREDENTIALS_SOURCE + "=USER_INFO needs "
              + BASIC_AUTH_USER_INFO))));
      case "URL" -> fromUrl.or(() -> {
        throw new IllegalArgumentException(BASIC_AUTH_CREDENTIALS_SOURCE + "=URL needs user:password@ in " + URL);
      });
      default -> throw new IllegalArgumentException("Unsupported " + BASIC_AUTH_CREDENTIALS_SOURCE + " '" + source
          + "' (supported: USER_INFO, URL)");
    };
    return new SchemaRegistryClientConfig(
        urls,
        auth,
        millis(props, CONNECT_TIMEOUT_MS).orElse(DEFAULT_CONNECT_TIMEOUT),
        millis(props, REQUEST_TIMEOUT_MS).orElse(DEFAULT_REQUEST_TIMEOUT),
        string(props, MAX_RETRIES).map(Integer::parseInt).orElse(DEFAULT_MAX_RETRIES),
        millis(props, RETRIES_WAIT_MS).orElse(DEFAULT_RETRY_INITIAL_WAIT),
        millis(props, RETRIES_MAX_WAIT_MS).orElse(DEFAULT_RETRY_MAX_WAIT));
  }

  private static Optional<String> string(Map<String, ?> props, String key) {
    Object value = props.get(key);
    if (value == null && !key.startsWith(PREFIX)) {
      value = props.get(PREFIX + key);
    }
    return Optional.ofNullable(value).map(v -> v instanceof List<?> list
        ? String.join(",", list.stream().map(String::valueOf).toList())
        : String.valueOf(v).trim());
  }

  private static Optional<Duration> millis(Map<String, ?> props, String key) {
    return string(props, key).map(Long::parseLong).map(Duration::ofMillis);
  }

  private static void requirePositive(Duration duration, String name) {
    if (duration == null || duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException(name + " must be positive");
    }
  }
}
