<?xml version="1.0" encoding="UTF-8"?>
<!-- GPU001 video-model: the primary <video> gets <model type='virtio'/>.
     Contract: docs/fixes.md (identity transform + templates for the change).
     The primary video is the first with <model primary='yes'>, else the
     first <video> (as the rule and libvirt pick it); only it changes. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <!-- Identity: everything not matched below is copied unchanged. -->
  <xsl:template match="@*|node()">
    <xsl:copy>
      <xsl:apply-templates select="@*|node()"/>
    </xsl:copy>
  </xsl:template>

  <!-- An emulated primary model becomes virtio; qxl's memory sizes (ram,
       vram64, vgamem: schema-invalid on virtio) and the vram of vga/qxl
       (meaningless for virtio-gpu) go. heads, primary, acceleration and
       resolution stay. -->
  <xsl:template match="devices/video/model[@type='qxl' or @type='vga' or @type='cirrus' or @type='bochs' or @type='ramfb']">
    <xsl:variable name="primary" select="(../../video[model/@primary='yes'] | ../../video[not(../video/model/@primary='yes')])[1]"/>
    <xsl:copy>
      <xsl:choose>
        <xsl:when test="count(.. | $primary) = 1">
          <xsl:apply-templates select="@*[not(namespace-uri() = '' and (name() = 'ram' or name() = 'vram' or name() = 'vram64' or name() = 'vgamem'))]"/>
          <xsl:attribute name="type">virtio</xsl:attribute>
        </xsl:when>
        <xsl:otherwise>
          <xsl:apply-templates select="@*"/>
        </xsl:otherwise>
      </xsl:choose>
      <xsl:apply-templates select="node()"/>
    </xsl:copy>
  </xsl:template>

  <!-- A converted video keeps a PCI (or CCW) address: virtio-gpu is a PCI
       device like the emulated ones, and libvirt accepts a user-chosen PCI
       slot for it; any other address type would not fit, so libvirt assigns
       a new one. -->
  <xsl:template match="devices/video[model[@type='qxl' or @type='vga' or @type='cirrus' or @type='bochs' or @type='ramfb']]/address[not(@type='pci' or @type='ccw')]">
    <xsl:variable name="primary" select="(../../video[model/@primary='yes'] | ../../video[not(../video/model/@primary='yes')])[1]"/>
    <xsl:if test="count(.. | $primary) != 1">
      <xsl:copy>
        <xsl:apply-templates select="@*|node()"/>
      </xsl:copy>
    </xsl:if>
  </xsl:template>

  <!-- A primary video without a model (libvirt would pick cirrus): add one
       where libvirt writes it, after <driver>. -->
  <xsl:template match="devices/video[not(model)]">
    <xsl:variable name="primary" select="(../video[model/@primary='yes'] | ../video[not(../video/model/@primary='yes')])[1]"/>
    <xsl:copy>
      <xsl:apply-templates select="@*"/>
      <xsl:choose>
        <xsl:when test="count(. | $primary) != 1">
          <xsl:apply-templates select="node()"/>
        </xsl:when>
        <xsl:when test="driver">
          <xsl:for-each select="node()">
            <xsl:apply-templates select="."/>
            <xsl:if test="count(. | ../driver[1]) = 1">
              <model type="virtio"/>
            </xsl:if>
          </xsl:for-each>
        </xsl:when>
        <xsl:otherwise>
          <model type="virtio"/>
          <xsl:apply-templates select="node()"/>
        </xsl:otherwise>
      </xsl:choose>
    </xsl:copy>
  </xsl:template>

  <!-- <graphics> but no <video> (libvirt would add cirrus): add a virtio
       video after the devices libvirt writes before it. -->
  <xsl:template match="domain/devices[graphics][not(video)]">
    <xsl:variable name="anchor" select="(emulator|disk|controller|lease|filesystem|interface|smartcard|serial|parallel|console|channel|input|tpm|graphics|sound|audio)[last()]"/>
    <xsl:copy>
      <xsl:apply-templates select="@*"/>
      <xsl:for-each select="node()">
        <xsl:apply-templates select="."/>
        <xsl:if test="$anchor and count(. | $anchor) = 1">
          <video><model type="virtio"/></video>
        </xsl:if>
      </xsl:for-each>
    </xsl:copy>
  </xsl:template>
</xsl:stylesheet>
