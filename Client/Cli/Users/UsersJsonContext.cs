using System.Text.Json;
using System.Text.Json.Serialization;
using EddCloud.Cli.Http;

namespace EddCloud.Cli.Users;

/// <summary>Source-generated (de)serialisers for the sign-in, account and user wire types, so the tool stays trimming-friendly.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(User))]
[JsonSerializable(typeof(UserPage))]
[JsonSerializable(typeof(ItemList<Session>))]
[JsonSerializable(typeof(ItemList<ApiToken>))]
[JsonSerializable(typeof(TokenResponse))]
[JsonSerializable(typeof(CreateApiTokenResponse))]
[JsonSerializable(typeof(CredentialsRequest))]
[JsonSerializable(typeof(ChangePasswordRequest))]
[JsonSerializable(typeof(ResetPasswordRequest))]
[JsonSerializable(typeof(CreateUserRequest))]
[JsonSerializable(typeof(SetRoleRequest))]
[JsonSerializable(typeof(CreateApiTokenRequest))]
internal sealed partial class UsersJsonContext : JsonSerializerContext;
