package io.podchain.api;

/** A request this API refuses, already expressed as a problem. */
public class ApiException extends RuntimeException {
    private final Problem problem;

    ApiException(Problem problem) {
        super(problem.detail());
        this.problem = problem;
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
