using EddCloud.Grains.Errors;
using Microsoft.AspNetCore.Mvc;

namespace EddCloud.Silo.Hosting;

/// <summary>RFC 7807 answers: one shape for every error, with a stable <c>code</c> and a detail that says what to do.</summary>
public static class Problems
{
    public const string ContentType = "application/problem+json";

    public static string TypeOf(string code) => $"https://eddcloud.dev/problems/{code.Replace('_', '-')}";

    public static int StatusOf(string code) => code switch
    {
        ErrorCodes.Validation => StatusCodes.Status400BadRequest,
        ErrorCodes.Unauthorized => StatusCodes.Status401Unauthorized,
        ErrorCodes.Forbidden => StatusCodes.Status403Forbidden,
        ErrorCodes.NotFound => StatusCodes.Status404NotFound,
        ErrorCodes.Conflict => StatusCodes.Status409Conflict,
        ErrorCodes.PayloadTooLarge or ErrorCodes.QuotaExceeded => StatusCodes.Status413PayloadTooLarge,
        ErrorCodes.PreconditionFailed => StatusCodes.Status412PreconditionFailed,
        ErrorCodes.UnsupportedMediaType => StatusCodes.Status415UnsupportedMediaType,
        ErrorCodes.RateLimited => StatusCodes.Status429TooManyRequests,
        ErrorCodes.RangeNotSatisfiable => StatusCodes.Status416RangeNotSatisfiable,
        ErrorCodes.Unavailable => StatusCodes.Status503ServiceUnavailable,
        ErrorCodes.EngineFailed => StatusCodes.Status502BadGateway,
        _ => StatusCodes.Status500InternalServerError,
    };

    public static string CodeOf(int status) => status switch
    {
        400 => ErrorCodes.Validation,
        401 => ErrorCodes.Unauthorized,
        403 => ErrorCodes.Forbidden,
        404 or 405 => ErrorCodes.NotFound,
        409 => ErrorCodes.Conflict,
        412 => ErrorCodes.PreconditionFailed,
        413 => ErrorCodes.PayloadTooLarge,
        415 => ErrorCodes.UnsupportedMediaType,
        416 => ErrorCodes.RangeNotSatisfiable,
        429 => ErrorCodes.RateLimited,
        502 => ErrorCodes.EngineFailed,
        503 => ErrorCodes.Unavailable,
        _ => ErrorCodes.Internal,
    };

    public static ProblemDetails Create(int status, string code, string detail, string? field = null)
    {
        var problem = new ProblemDetails
        {
            Type = TypeOf(code),
            Title = TitleOf(status),
            Status = status,
            Detail = detail,
        };
        problem.Extensions["code"] = code;
        if (field is not null)
            problem.Extensions["errors"] = new Dictionary<string, string[]> { [field] = [detail] };
        return problem;
    }

    public static IResult Result(EddException error) =>
        TypedResults.Problem(Create(StatusOf(error.Code), error.Code, error.Message, error.Field));

    public static Task WriteAsync(HttpContext context, int status, string code, string detail, string? field = null)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(Create(status, code, detail, field), (System.Text.Json.JsonSerializerOptions?)null, ContentType);
    }

    private static string TitleOf(int status) => status switch
    {
        400 => "The request is not valid.",
        401 => "Sign-in required.",
        403 => "Not allowed.",
        404 => "Not found.",
        405 => "Method not allowed.",
        409 => "Conflict.",
        412 => "Precondition failed.",
        413 => "The request is too large.",
        415 => "Unsupported media type.",
        416 => "Range not satisfiable.",
        429 => "Too many requests.",
        502 => "The container engine refused.",
        503 => "Temporarily unavailable.",
        _ => "An unexpected error occurred.",
    };
}
