using System.Security.Cryptography;
using EddCloud.Grains.Errors;
using EddCloud.Grains.Users;
using EddCloud.Silo.Hosting;
using Microsoft.Extensions.Options;

namespace EddCloud.Silo.Users;

/// <summary>
/// Creates the first admin on the very first start: from AdminUsername/AdminPassword, or with a
/// generated password printed once to the console. Never again afterwards, even if that admin
/// is later deleted.
/// </summary>
public sealed partial class AdminBootstrapper(
    IGrainFactory grains,
    UserAccounts accounts,
    IOptions<EddOptions> options,
    ILogger<AdminBootstrapper> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var bootstrap = grains.GetGrain<IAdminBootstrapGrain>(IAdminBootstrapGrain.Key);
        // A read, safe to repeat while a whole-cluster restart settles its membership.
        if (await Hosting.TransientGrainCalls.RetryAsync(bootstrap.IsDoneAsync, cancellationToken))
            return;
        var username = options.Value.AdminUsername;
        var generated = string.IsNullOrEmpty(options.Value.AdminPassword);
        var password = generated ? GeneratePassword() : options.Value.AdminPassword!;
        UserInfo admin;
        try
        {
            admin = await accounts.CreateUserAsync(username, password, Roles.Admin);
        }
        catch (EddException e) when (e.Code == ErrorCodes.Conflict)
        {
            // Another silo of the cluster won the race, or a crash came between create and mark.
            admin = await accounts.FindByUsernameAsync(username)
                ?? throw new InvalidOperationException($"The admin username '{username}' is claimed but no user holds it; retry the start.", e);
            generated = false;
        }
        await bootstrap.MarkDoneAsync(admin.Id);
        LogAdminCreated(logger, username);
        if (generated)
        {
            // Printed once, on purpose to the console rather than the log pipeline.
            Console.WriteLine();
            Console.WriteLine("  EddCloud admin account created");
            Console.WriteLine($"    username: {username}");
            Console.WriteLine($"    password: {password}");
            Console.WriteLine("  This password is shown only now; change it on the Account page.");
            Console.WriteLine();
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static string GeneratePassword()
    {
        const string alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        return RandomNumberGenerator.GetString(alphabet, 20);
    }

    [LoggerMessage(EventId = 1301, Level = LogLevel.Information, Message = "First admin '{Username}' created")]
    private static partial void LogAdminCreated(ILogger logger, string username);
}
