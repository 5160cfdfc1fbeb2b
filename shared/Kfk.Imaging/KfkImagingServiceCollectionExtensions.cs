using Kfk.Core.Media;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Kfk.Imaging;

public static class KfkImagingServiceCollectionExtensions
{
    /// <summary>The image processor (SkiaSharp) behind <see cref="IImageProcessor"/>, with its limits (<c>Kfk:Media</c>, validated at start).</summary>
    public static IServiceCollection AddKfkImaging(this IServiceCollection services)
    {
        services.AddOptions<ImageOptions>()
            .BindConfiguration(ImageOptions.SectionName)
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ImageOptions>, ImageOptionsValidator>());
        services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<ImageOptions>>().Value);
        services.TryAddSingleton<DecodeSlots>();
        services.TryAddSingleton<IImageProcessor, ImageProcessor>();
        return services;
    }
}
