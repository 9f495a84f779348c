using EddCloud.Grains.Storage;
using EddCloud.Silo.Events;
using Microsoft.Extensions.Options;

namespace EddCloud.Silo.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>Namespaces and files for users (section "Storage"), on top of the file system (AddDfs).</summary>
    public static IServiceCollection AddStorage(this IServiceCollection services)
    {
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<StorageOptions>, StorageOptionsValidator>();
        services.AddSingleton<StorageFiles>();
        services.AddSingleton<IEventHandler, StorageUserDeletedHandler>();
        return services;
    }
}

internal sealed class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        var errors = new List<string>();
        if (options.DefaultQuotaBytes < 0)
            errors.Add("Storage:DefaultQuotaBytes must be 0 or more.");
        if (options.DefaultQuotaNamespaces < 0)
            errors.Add("Storage:DefaultQuotaNamespaces must be 0 or more.");
        if (options.MaxFileBytes < 1)
            errors.Add("Storage:MaxFileBytes must be at least 1.");
        if (options.ReservationLease < TimeSpan.FromSeconds(4))
            errors.Add("Storage:ReservationLease must be at least 00:00:04.");
        if (options.MaxSharesPerNamespace < 1)
            errors.Add("Storage:MaxSharesPerNamespace must be at least 1.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
