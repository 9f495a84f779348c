using System.CommandLine;
using EddCloud.Cli.Compute;
using EddCloud.Cli.Routing;
using EddCloud.Cli.Ssh;
using EddCloud.Cli.Storage;
using EddCloud.Cli.Users;

namespace EddCloud.Cli;

/// <summary>The <c>edd</c> command tree. Build it with a <see cref="CliHost"/>; tests inject theirs.</summary>
public static class CliApp
{
    public static RootCommand Build(CliHost host)
    {
        var globals = new GlobalOptions();
        var root = new RootCommand("edd: the EddCloud command-line client")
        {
            globals.Json,
            globals.Server,
        };

        foreach (var command in AccountCommands.Create(host, globals))
        {
            root.Subcommands.Add(command);
        }

        root.Subcommands.Add(SessionCommands.Create(host, globals));
        root.Subcommands.Add(TokenCommands.Create(host, globals));
        root.Subcommands.Add(SshKeyCommands.Create(host, globals));
        var admin = AdminUserCommands.Create(host, globals);
        admin.Subcommands.Add(UsageCommands.Quota(host, globals));
        admin.Subcommands.Add(ComputeUsageCommands.Quota(host, globals));
        admin.Subcommands.Add(RouteCommands.Create(host, globals));
        root.Subcommands.Add(admin);
        root.Subcommands.Add(NamespaceCommands.Create(host, globals));
        root.Subcommands.Add(FileCommands.Create(host, globals));
        root.Subcommands.Add(UsageCommands.Usage(host, globals));
        root.Subcommands.Add(EddCloud.Cli.Dfs.DfsCommands.Create(host, globals));
        root.Subcommands.Add(ContainerCommands.Create(host, globals));
        root.Subcommands.Add(IngressCommands.Create(host, globals));
        root.Subcommands.Add(ComputeUsageCommands.Create(host, globals));
        return root;
    }

    public static Task<int> RunAsync(string[] args, CliHost host, CancellationToken ct = default)
    {
        var configuration = new InvocationConfiguration { Output = host.Console.Out, Error = host.Console.Error };
        return Build(host).Parse(args).InvokeAsync(configuration, ct);
    }
}
