package dev.openaift.sandbox;

/**
 * An error answer in OpenAI's shape {@code {"error":{"message","type","param","code"}}}. Thrown by
 * the endpoint code, rendered by the HTTP layer.
 */
final class ApiError extends RuntimeException {
  private static final long serialVersionUID = 1L;
  final int status;
  final String type;
  final String param;
  final String code;

  ApiError(int status, String type, String param, String code, String message) {
    super(message);
    this.status = status;
    this.type = type;
    this.param = param;
    this.code = code;
  }

  static ApiError badRequest(String param, String code, String message) {
    return new ApiError(400, "invalid_request_error", param, code, message);
  }

  static ApiError missing(String param) {
    return badRequest(
        param, "missing_required_parameter", "Missing required parameter: '" + param + "'.");
  }

  static ApiError notFound(String param, String code, String message) {
    return new ApiError(404, "invalid_request_error", param, code, message);
  }

  static ApiError conflict(String code, String message) {
    return new ApiError(409, "invalid_request_error", null, code, message);
  }
}
