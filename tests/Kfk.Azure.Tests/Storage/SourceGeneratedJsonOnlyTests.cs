using System.Collections.Immutable;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Kfk.Azure.Storage;

namespace Kfk.Azure.Tests.Storage;

/// <summary>
/// Kfk.Azure never lets System.Text.Json fall back to reflection: every <c>JsonSerializer</c> method it calls takes
/// source-generated metadata (a <c>JsonTypeInfo</c>), so <c>JsonSerializer.IsReflectionEnabledByDefault</c> is irrelevant
/// to it. Read from the compiled assembly's member references, so any new call site is covered.
/// </summary>
public sealed class SourceGeneratedJsonOnlyTests
{
    [Fact]
    public void KfkAzure_CallsJsonSerializer_OnlyWithSourceGeneratedMetadata()
    {
        using var pe = new PEReader(File.OpenRead(typeof(StorageJson).Assembly.Location));
        var metadata = pe.GetMetadataReader();

        var calls = metadata.MemberReferences
            .Select(metadata.GetMemberReference)
            .Where(member => member.Parent.Kind == HandleKind.TypeReference && IsJsonSerializer(metadata, (TypeReferenceHandle)member.Parent))
            .Select(member => (Name: metadata.GetString(member.Name), Signature: member.DecodeMethodSignature(new TypeNames(metadata), null)))
            .ToList();

        Assert.NotEmpty(calls);
        Assert.All(calls, call => Assert.True(
            call.Signature.ParameterTypes.Any(type => type.StartsWith("System.Text.Json.Serialization.Metadata.JsonTypeInfo", StringComparison.Ordinal)),
            $"JsonSerializer.{call.Name}({string.Join(", ", call.Signature.ParameterTypes)}) serializes by reflection; pass a JsonTypeInfo."));
    }

    private static bool IsJsonSerializer(MetadataReader metadata, TypeReferenceHandle handle)
    {
        var type = metadata.GetTypeReference(handle);
        return metadata.GetString(type.Namespace) == "System.Text.Json" && metadata.GetString(type.Name) == "JsonSerializer";
    }

    /// <summary>Type names as <c>Namespace.Name</c>, generic arguments in angle brackets: enough to recognise a parameter.</summary>
    private sealed class TypeNames(MetadataReader metadata) : ISignatureTypeProvider<string, object?>
    {
        public string GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind)
        {
            var type = metadata.GetTypeReference(handle);
            return metadata.GetString(type.Namespace) + "." + metadata.GetString(type.Name);
        }

        public string GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind)
        {
            var type = metadata.GetTypeDefinition(handle);
            return metadata.GetString(type.Namespace) + "." + metadata.GetString(type.Name);
        }

        public string GetGenericInstantiation(string genericType, ImmutableArray<string> typeArguments) => $"{genericType}<{string.Join(",", typeArguments)}>";

        public string GetPrimitiveType(PrimitiveTypeCode typeCode) => typeCode.ToString();

        public string GetSZArrayType(string elementType) => elementType + "[]";

        public string GetArrayType(string elementType, ArrayShape shape) => elementType + "[*]";

        public string GetByReferenceType(string elementType) => elementType + "&";

        public string GetPointerType(string elementType) => elementType + "*";

        public string GetPinnedType(string elementType) => elementType;

        public string GetModifiedType(string modifier, string unmodifiedType, bool isRequired) => unmodifiedType;

        public string GetGenericMethodParameter(object? genericContext, int index) => "!!" + index;

        public string GetGenericTypeParameter(object? genericContext, int index) => "!" + index;

        public string GetFunctionPointerType(MethodSignature<string> signature) => "fnptr";

        public string GetTypeFromSpecification(MetadataReader reader, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind) =>
            reader.GetTypeSpecification(handle).DecodeSignature(this, genericContext);
    }
}
