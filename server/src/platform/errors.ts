// Typed errors thrown by services; one HTTP handler maps them to { code, message, requestId }.

export class AppError extends Error {
  readonly status: number;
  readonly code: string;
  readonly headers: Record<string, string>;
  constructor(status: number, code: string, message: string, headers: Record<string, string> = {}) {
    super(message);
    this.status = status;
    this.code = code;
    this.headers = headers;
  }
}

/** 400: bad input. `field` is named in the message, e.g. "body.password: too short". */
export class ValidationError extends AppError {
  constructor(message: string, field?: string) {
    super(400, "validation", field ? `${field}: ${message}` : message);
  }
}
export class UnauthenticatedError extends AppError {
  constructor(message = "Sign in required", code = "unauthenticated") {
    super(401, code, message);
  }
}
export class ForbiddenError extends AppError {
  constructor(message = "Not allowed", code = "forbidden") {
    super(403, code, message);
  }
}
export class NotFoundError extends AppError {
  constructor(message = "Not found") {
    super(404, "not_found", message);
  }
}
export class ConflictError extends AppError {
  constructor(message: string, code = "conflict") {
    super(409, code, message);
  }
}
export class RateLimitedError extends AppError {
  constructor(
    retryAfterSeconds: number,
    message = "Too many attempts; try again later",
    code = "rate_limited",
  ) {
    super(429, code, message, { "retry-after": String(Math.max(1, Math.ceil(retryAfterSeconds))) });
  }
}
