package io.podchain.api;

/** A request this API refuses, already expressed as a problem. */
public class ApiException extends RuntimeException {
    private final Problem problem;
    /** Seconds the client should wait before asking again ({@code Retry-After}); 0 when there is no such advice. */
    private final int retryAfterSeconds;

    ApiException(Problem problem) {
        this(problem, 0);
    }

    ApiException(Problem problem, int retryAfterSeconds) {
        super(problem.detail());
        this.problem = problem;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    int retryAfterSeconds() {
        return retryAfterSeconds;
    }

    static ApiException badRequest(String detail) {
        return new ApiException(Problem.of("bad-request", "Bad request", 400, detail));
    }

    static ApiException notFound(String detail) {
        return new ApiException(Problem.of("not-found", "Not found", 404, detail));
    }

    Problem problem() {
        return problem;
    }
}
