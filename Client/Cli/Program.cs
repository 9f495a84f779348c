using EddCloud.Cli;

return await CliApp.RunAsync(args, CliHost.CreateDefault());
