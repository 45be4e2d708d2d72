package dev.lockstep.ops;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Every error of the REST API is JSON with one clear message, {@code {"error": "..."}}, the shape
 * the controllers already answer with for their own refusals (404 no such dead letter, 409 already
 * replayed): a wrong method, content type, parameter or path, a body that is not JSON, Lockstep's
 * database being unreachable (503, try again) and anything unexpected (500, logged with its cause).
 */
@RestControllerAdvice
public class ApiErrors extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiErrors.class);

    /** A controller's "no such thing": answered 404 with the message. */
    public static class NotFound extends RuntimeException {
        public NotFound(String message) {
            super(message);
        }
    }

    /** An action that does not fit the current state (a pair without a pipeline route, ...): 409. */
    public static class Conflict extends RuntimeException {
        public Conflict(String message) {
            super(message);
        }
    }

    @ExceptionHandler(NotFound.class)
    ResponseEntity<Object> notFound(NotFound e) {
        return error(HttpStatus.NOT_FOUND, e.getMessage());
    }

    @ExceptionHandler(Conflict.class)
    ResponseEntity<Object> conflict(Conflict e) {
        return error(HttpStatus.CONFLICT, e.getMessage());
    }

    @ExceptionHandler({CannotGetJdbcConnectionException.class, DataAccessResourceFailureException.class})
    ResponseEntity<Object> databaseDown(Exception e, HttpServletRequest request) {
        log.warn("{} {}: Lockstep's database is unreachable: {}", request.getMethod(), request.getRequestURI(), e.getMessage());
        ResponseEntity<Object> answer = error(HttpStatus.SERVICE_UNAVAILABLE, "Lockstep's database is unreachable; try again shortly");
        return ResponseEntity.status(answer.getStatusCode()).header(HttpHeaders.RETRY_AFTER, "5")
                .contentType(MediaType.APPLICATION_JSON).body(answer.getBody());
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception e, HttpServletRequest request) {
        log.error("{} {} failed", request.getMethod(), request.getRequestURI(), e);
        return error(HttpStatus.INTERNAL_SERVER_ERROR, "internal error (" + e.getClass().getSimpleName() + "): " + e.getMessage());
    }

    /** Spring MVC's own refusals (404, 405, 415, 400 ...), with a message that says what to change. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception e, Object body, HttpHeaders headers,
                                                             HttpStatusCode status, WebRequest request) {
        HttpHeaders out = new HttpHeaders();
        out.addAll(headers);
        out.setContentType(MediaType.APPLICATION_JSON);
        return new ResponseEntity<>(Map.of("error", message(e, request)), out, status);
    }

    private static String message(Exception e, WebRequest request) {
        String what = request instanceof ServletWebRequest web
                ? web.getRequest().getMethod() + " " + web.getRequest().getRequestURI() : "this request";
        if (e instanceof NoResourceFoundException) {
            return "no endpoint " + what + " (the operator API is described at /v3/api-docs)";
        }
        if (e instanceof HttpRequestMethodNotSupportedException m) {
            return what + ": method not allowed; allowed: " + m.getSupportedHttpMethods();
        }
        if (e instanceof HttpMediaTypeNotSupportedException m) {
            return what + ": content type " + m.getContentType() + " is not supported; send " + m.getSupportedMediaTypes();
        }
        if (e instanceof MethodArgumentTypeMismatchException m) {
            return "'" + m.getValue() + "' is not a valid " + m.getName()
                    + (m.getRequiredType() == null ? "" : " (expected " + typeName(m.getRequiredType()) + ")");
        }
        if (e instanceof TypeMismatchException m) {
            return "'" + m.getValue() + "' is not a valid " + m.getPropertyName();
        }
        if (e instanceof MissingServletRequestParameterException m) {
            return "the parameter '" + m.getParameterName() + "' is required";
        }
        if (e instanceof HttpMessageNotReadableException) {
            return what + ": the body is missing or is not valid JSON";
        }
        return what + ": " + e.getMessage();
    }

    private static String typeName(Class<?> type) {
        if (type == long.class || type == Long.class || type == int.class || type == Integer.class) {
            return "a whole number";
        }
        if (type == java.time.Duration.class) {
            return "an ISO-8601 duration such as PT1H";
        }
        return type.getSimpleName();
    }

    private static ResponseEntity<Object> error(HttpStatus status, String message) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(Map.of("error", message));
    }
}
