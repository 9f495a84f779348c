using System.Text.Json;
using EddCloud.Grains.Errors;
using Microsoft.AspNetCore.Diagnostics;

namespace EddCloud.Silo.Hosting;

/// <summary>Maps every exception to a problem document: domain errors by code, bad requests by status, the rest to 500/503 without internals.</summary>
public sealed partial class ProblemExceptionHandler(ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var (status, code, detail) = exception switch
        {
            EddException e => (Problems.StatusOf(e.Code), e.Code, e.Message),
            Users.SignInThrottledException e => (429, ErrorCodes.RateLimited, e.Message),
            BadHttpRequestException { StatusCode: 413 } => (413, ErrorCodes.PayloadTooLarge, "The request body is too large; the limit for this endpoint is 1 MiB."),
            BadHttpRequestException { InnerException: JsonException json } => (400, ErrorCodes.Validation, $"The request body is not valid JSON: {json.Message}"),
            BadHttpRequestException e when e.StatusCode == 415 => (415, ErrorCodes.UnsupportedMediaType, "Send the body as application/json."),
            BadHttpRequestException e => (e.StatusCode, Problems.CodeOf(e.StatusCode), e.Message),
            JsonException json => (400, ErrorCodes.Validation, $"The request body is not valid JSON: {json.Message}"),
            TimeoutException or OrleansException => (503, ErrorCodes.Unavailable, "The cluster did not answer in time; try again in a few seconds."),
            _ => (500, ErrorCodes.Internal, "Something went wrong on the server; the error was logged. Try again, and report it if it persists."),
        };
        if (exception is Users.SignInThrottledException throttled)
            context.Response.Headers.RetryAfter = Math.Ceiling(throttled.RetryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (status >= 500)
            LogUnhandled(logger, context.Request.Method, context.Request.Path, exception);
        await Problems.WriteAsync(context, status, code, detail, (exception as EddException)?.Field);
        return true;
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Error, Message = "Unhandled error in {Method} {Path}")]
    private static partial void LogUnhandled(ILogger logger, string method, string path, Exception exception);
}
