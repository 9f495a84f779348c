using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using EddCloud.Tests.Users;
using EddCloud.Tests.Hosting;

namespace EddCloud.Tests.SingleNode;

[IntegrationTest]
public sealed class LifecycleTests
{
    [Fact]
    public async Task Sigterm_ExitsCleanly_StopsItsNatsServer_DataIntact()
    {
        await using var silo = await SiloProcess.StartAsync();
        using (var admin = await silo.SignInAsAdminAsync())
            await TestUsers.CreateAsync(admin);
        var natsPid = int.Parse(await File.ReadAllTextAsync(Path.Combine(silo.DataDirectory, "nats", "nats-server.pid")), System.Globalization.CultureInfo.InvariantCulture);

        await silo.StopAsync();

        Assert.Contains("Application is shutting down", silo.Output, StringComparison.Ordinal);
        Assert.True(silo.ExitCode == 0, $"a graceful stop should exit with 0, not {silo.ExitCode}: {silo.Output[^Math.Min(silo.Output.Length, 2000)..]}");
        Assert.False(ProcessIds.IsRunning(natsPid), $"the silo's nats-server (pid {natsPid}) still runs after a graceful stop");
        await silo.StartAsync();
        using var again = await silo.SignInAsAdminAsync();
        await ApiAssert.StatusAsync(await again.GetAsync("/api/me"), HttpStatusCode.OK, "after a graceful restart");
    }

    [Theory]
    [InlineData("EDD_AUTH__TOKEN_LIFETIME", "00:00:05", "Auth:TokenLifetime (EDD_AUTH__TOKEN_LIFETIME)")]
    [InlineData("EDD_ADMIN_PASSWORD", "short", "AdminPassword (EDD_ADMIN_PASSWORD)")]
    [InlineData("EDD_CLUSTER__MODE", "cluster", "EDD_CLUSTER__POSTGRES")]
    [InlineData("EDD_WEB_ROOT", "/nonexistent/dist", "WebRoot (EDD_WEB_ROOT)")]
    public async Task Start_InvalidSetting_ExitsWithMessageNamingTheKeyAndFix(string variable, string value, string expected)
    {
        var data = Directory.CreateTempSubdirectory("edd-badconfig-");
        try
        {
            var info = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "EddCloud.Silo.dll"), "--urls", $"http://localhost:{SiloProcess.FreePort()}"])
            {
                WorkingDirectory = AppContext.BaseDirectory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            info.Environment["EDD_DATA_DIRECTORY"] = data.FullName;
            info.Environment["EDD_CLUSTER__SILO_PORT"] = SiloProcess.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);
            info.Environment["EDD_CLUSTER__GATEWAY_PORT"] = SiloProcess.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);
            info.Environment[variable] = value;
            using var process = Process.Start(info)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await process.WaitForExitAsync(timeout.Token);
            var output = await stdout + await stderr;

            Assert.NotEqual(0, process.ExitCode);
            Assert.Contains(expected, output, StringComparison.Ordinal);
        }
        finally
        {
            data.Delete(recursive: true);
        }
    }
}
